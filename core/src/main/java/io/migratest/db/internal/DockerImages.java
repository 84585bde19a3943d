package io.migratest.db.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.migratest.db.RunMemo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Whether Docker can provide an image: looked up on this machine first, then at most one pull
 * within a bound. Testcontainers alone retries a pull that cannot succeed for minutes, silently.
 * Answers are kept in the run's memo: images do not appear during a test run.
 */
final class DockerImages {

    private DockerImages() {
    }

    /**
     * {@code null} when {@code image} is on this machine (pulled if need be), else what is missing,
     * e.g. "image x:1 is not on this machine and could not be pulled from docker.io (...)".
     */
    static String missing(String image, Duration pullTimeout, RunMemo memo) {
        return memo.reason(new ImageKey(image), () -> find(image, pullTimeout));
    }

    /** The memo's key for an image's answer. */
    private record ImageKey(String image) {
    }

    private static String find(String image, Duration pullTimeout) {
        // a client of Docker's own, not Testcontainers' client(): that one first starts ryuk
        DockerClient docker = DockerClientProviderStrategy.getClientForConfig(
                DockerClientFactory.instance().getTransportConfig());
        try {
            return find(docker, image, pullTimeout);
        } finally {
            try {
                docker.close();
            } catch (IOException e) {
                // the answer stands; a client that does not close holds one idle socket
            }
        }
    }

    private static String find(DockerClient docker, String image, Duration pullTimeout) {
        if (isLocal(docker, image)) {
            return null;
        }
        DockerImageName name = DockerImageName.parse(image);
        String registry = name.getRegistry().isEmpty() ? "docker.io" : name.getRegistry();
        String notHere = "image " + image + " is not on this machine and ";
        try (Pull pull = new Pull()) {
            docker.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart()).exec(pull);
            if (!pull.awaitCompletion(pullTimeout.toSeconds(), TimeUnit.SECONDS)) {
                return notHere + "pulling it from " + registry + " did not finish within " + pullTimeout.toSeconds() + " s";
            }
            if (pull.failure != null) {
                return notHere + "could not be pulled from " + registry + " (" + firstLine(pull.failure.getMessage()) + ")";
            }
            return isLocal(docker, image) ? null : notHere + "could not be pulled from " + registry;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notHere + "its pull was interrupted";
        } catch (RuntimeException | IOException e) {
            return notHere + "could not be pulled from " + registry + " (" + firstLine(e.getMessage()) + ")";
        }
    }

    /** A pull whose failure is kept for the message rather than logged as an ERROR with its stack. */
    private static final class Pull extends ResultCallback.Adapter<PullResponseItem> {

        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static boolean isLocal(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
