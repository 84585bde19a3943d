package io.migratest.db.internal;

import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.RunMemo;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import com.github.dockerjava.api.model.ContainerPort;
import io.migratest.db.TemplateKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.dockerclient.DockerClientConfigUtils;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * One Testcontainers container per engine: {@code postgres:17}, {@code mysql:8.4} and
 * {@code mariadb:11.4} unless {@code migratest.<engine>.image} names another image (a local one,
 * where no registry is reachable). Migratest connects as a user that may create and drop
 * databases (PostgreSQL's superuser, MySQL/MariaDB's root) and stops the container on close;
 * with {@code migratest.containers.reuse} it leaves the container running, labelled with what it
 * was started from, and a later run (another JVM) finds it again and its kept templates with it.
 */
public final class ContainerProvider implements DatabaseProvider {

    public static final String NAME = "container";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerProvider.class);

    /** The label of a container left running for reuse: its {@link #identity}. */
    static final String REUSE_LABEL = "io.migratest.reuse";
    private static final String USER_LABEL = "io.migratest.user";
    private static final String PASSWORD_LABEL = "io.migratest.password";
    /** What a container start may take, as {@link #lockWait} counts it. */
    private static final Duration CONTAINER_START_BOUND = Duration.ofMinutes(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Engine engine) {
        return true;
    }

    @Override
    public String unavailableReason(Engine engine, Settings settings) {
        return unavailableReason(engine, settings, RunMemo.create());
    }

    @Override
    public String unavailableReason(Engine engine, Settings settings, RunMemo memo) {
        String problem = DockerCheck.problem(settings, memo);
        return problem == null ? null
                : "Docker is not available (" + problem + ") => start Docker, or choose"
                        + " -D" + Setting.PROVIDER.key() + "=embedded|server";
    }

    /** The image for {@code engine}: the setting {@code migratest.<engine>.image}, or the official one. */
    public static String imageName(Engine engine, Settings settings) {
        return settings.get(Setting.image(engine));
    }

    static String defaultImage(Engine engine) {
        return Setting.image(engine).defaultValue().orElseThrow();
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings) {
        return start(engine, settings, RunMemo.create());
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings, RunMemo memo) {
        String reason = unavailableReason(engine, settings, memo);
        if (reason != null) {
            throw new DatabaseUnavailableException("Cannot use the " + NAME + " provider for " + engine + ": " + reason);
        }
        String imageName = imageName(engine, settings);
        DockerImageName image = DockerImageName.parse(imageName)
                .asCompatibleSubstituteFor(DockerImageName.parse(defaultImage(engine)).getUnversionedPart());
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Dialect dialect = Dialect.of(engine);
        String missing = DockerImages.missing(imageName, pullTimeout(settings), memo);
        if (missing != null) {
            throw new DatabaseUnavailableException("Cannot start a " + engine + " container: " + missing + " => build or"
                    + " load an image that runs like the official " + image.getUnversionedPart() + " one and set "
                    + Setting.image(engine).key() + " (" + Setting.image(engine).environmentName() + ") to it, e.g. "
                    + "migratest-local/" + engine.key() + ":<version> (docker images lists what is here), or make "
                    + "the registry reachable; " + Setting.PULL_TIMEOUT.key() + " bounds the pull");
        }
        if (!settings.get(Setting.CONTAINERS_REUSE)) {
            return startNew(dialect, image, imageName, password, null, settings);
        }
        String identity = identity(dialect, imageName);
        // one JVM at a time looks and starts: two that start together would each start a container
        ContainerLock turn = ContainerLock.take(settings.get(Setting.CONTAINERS_LOCK_DIR), identity, engine,
                lockWait(settings));
        try {
            DatabaseServer found = findRunning(dialect, identity, imageName, settings);
            if (found != null) {
                return found;
            }
            return startNew(dialect, image, imageName, password, identity, settings);
        } finally {
            turn.close();
        }
    }

    /** Starts a container; with an {@code identity}, labelled to be found and left running for reuse. */
    private static DatabaseServer startNew(Dialect dialect, DockerImageName image, String imageName, String password,
            String identity, Settings settings) {
        Engine engine = dialect.engine();
        JdbcDatabaseContainer<?> container = dialect.container(image, password);
        if (identity != null) {
            labelForReuse(container, identity, password);
            TestcontainersConfiguration configuration = TestcontainersConfiguration.getInstance();
            if (!configuration.environmentSupportsReuse()
                    && !Boolean.parseBoolean(configuration.getEnvVarOrUserProperty("ryuk.disabled", "false"))) {
                LOG.warn("{}=true, but Testcontainers' Ryuk will remove the {} container when this JVM ends => set"
                        + " TESTCONTAINERS_REUSE_ENABLE=true (or testcontainers.reuse.enable=true in"
                        + " ~/.testcontainers.properties) for the next run to find it", Setting.CONTAINERS_REUSE.key(), engine);
            }
        }
        try {
            container = startOnTmpfs(container, dialect, image, password, identity);
        } catch (RuntimeException e) {
            container.stop();
            String setting = "set " + Setting.image(engine).key() + " (" + Setting.image(engine).environmentName() + ")";
            if (!isLocal(imageName)) {
                throw new DatabaseUnavailableException("Could not start a " + engine + " container: image " + imageName
                        + " is not on this machine and could not be pulled => pull or build it (docker images lists"
                        + " what is there), or " + setting + " to an image that is", e);
            }
            throw new DatabaseUnavailableException("Could not start a " + engine + " container from image " + imageName
                    + ": " + JdbcUrls.scrub(rootMessage(e), password) + " => check that the image runs like the official "
                    + DockerImageName.parse(defaultImage(engine)).getUnversionedPart() + " image, or " + setting, e);
        }
        JdbcDatabaseContainer<?> started = container;
        Runnable onClose = identity == null ? started::stop
                : () -> LOG.info("Left the {} container from {} running for the next run ({}=true)", engine, imageName,
                        Setting.CONTAINERS_REUSE.key());
        ManagedServer server = server(dialect, container.getHost(), container.getMappedPort(dialect.containerPort()),
                container.getUsername(), password, onClose, settings);
        LOG.info("Started {} container from {} at {}", engine, imageName, server.describe());
        return server;
    }

    private static ManagedServer server(Dialect dialect, String host, int port, String user, String password,
            Runnable onClose, Settings settings) {
        String base = "jdbc:" + dialect.engine().vendor() + "://" + host + ":" + port + "/";
        String options = dialect.containerJdbcOptions();
        String adminUrl = JdbcUrls.withDefaultOptions(base + dialect.adminDatabase(), options);
        DataSource admin = new SimpleDataSource(adminUrl, user, password, dialect, Timeouts.forWork(settings));
        makeWritesCheap(dialect, admin);
        return new ManagedServer(dialect.engine(), NAME, dialect, admin,
                database -> JdbcUrls.withDefaultOptions(base + database, options), user, password, onClose, settings);
    }

    /**
     * What a reusable container must match: the engine, the image's id (a rebuilt image under the
     * same name is another), and how Migratest starts and tunes it (data on tmpfs, the tuning
     * statements, the driver options), so that a change to any of them starts a new container.
     */
    static String identity(Dialect dialect, String imageName) {
        String imageId;
        try {
            imageId = DockerClientFactory.instance().client().inspectImageCmd(imageName).exec().getId();
        } catch (RuntimeException e) {
            imageId = "not inspected: " + e.getMessage();
        }
        String parts = String.join("\n", "engine " + dialect.engine(), "image " + imageName, "image id " + imageId,
                "tmpfs " + dialect.containerDataDirectories(), "tuning " + dialect.cheapWriteStatements(),
                "options " + dialect.containerJdbcOptions(), "port " + dialect.containerPort());
        return TemplateKey.sha256(parts.getBytes(StandardCharsets.UTF_8)).substring(0, 20);
    }

    /**
     * Labels what a later run needs to find and log in to the container (the password too: who
     * can read labels can read the container's environment as well), and asks Testcontainers not
     * to reap it (with {@code TESTCONTAINERS_REUSE_ENABLE=true}; with Ryuk off nothing reaps it).
     */
    private static void labelForReuse(JdbcDatabaseContainer<?> container, String identity, String password) {
        container.withLabel(REUSE_LABEL, identity).withLabel(USER_LABEL, container.getUsername())
                .withLabel(PASSWORD_LABEL, password).withReuse(true);
    }

    /** A running container labelled {@code identity} that answers, as a server; {@code null} when there is none. */
    private static DatabaseServer findRunning(Dialect dialect, String identity, String imageName, Settings settings) {
        List<com.github.dockerjava.api.model.Container> running;
        try {
            running = DockerClientFactory.instance().client().listContainersCmd()
                    .withLabelFilter(Map.of(REUSE_LABEL, identity)).withStatusFilter(List.of("running")).exec();
        } catch (RuntimeException e) {
            LOG.info("Could not list containers to reuse ({}); starting a new one", rootMessage(e));
            return null;
        }
        for (com.github.dockerjava.api.model.Container candidate : running) {
            String user = candidate.getLabels().get(USER_LABEL);
            String password = candidate.getLabels().get(PASSWORD_LABEL);
            Integer port = Arrays.stream(candidate.getPorts())
                    .filter(p -> p.getPrivatePort() != null && p.getPrivatePort() == dialect.containerPort())
                    .map(ContainerPort::getPublicPort).filter(Objects::nonNull).findFirst().orElse(null);
            if (user == null || password == null || port == null) {
                continue;
            }
            String host = DockerClientFactory.instance().dockerHostIpAddress();
            String id = candidate.getId().substring(0, 12);
            String adminUrl = JdbcUrls.withDefaultOptions("jdbc:" + dialect.engine().vendor() + "://" + host + ":" + port
                    + "/" + dialect.adminDatabase(), dialect.containerJdbcOptions());
            try (Connection probe = new SimpleDataSource(adminUrl, user, password, dialect,
                    Timeouts.forWork(settings)).getConnection()) {
                probe.isValid(5);
                LOG.info("Reusing the {} container {} from {} at {}", dialect.engine(), id, imageName,
                        JdbcUrls.mask(adminUrl));
            } catch (SQLException e) {
                LOG.info("The {} container {} labelled for reuse does not answer ({}); trying another",
                        dialect.engine(), id, e.getMessage());
                continue;
            }
            Runnable leaveRunning = () -> LOG.info("Left the {} container {} running for the next run", dialect.engine(), id);
            return server(dialect, host, port, user, password, leaveRunning, settings);
        }
        return null;
    }

    /**
     * Starts the container with its data directories on tmpfs; an image that does not start so
     * (another data directory layout, a tmpfs too small) starts again without.
     */
    private static JdbcDatabaseContainer<?> startOnTmpfs(JdbcDatabaseContainer<?> container, Dialect dialect,
            DockerImageName image, String password, String identity) {
        Map<String, String> tmpfs = new LinkedHashMap<>();
        dialect.containerDataDirectories().forEach(directory -> tmpfs.put(directory, "rw"));
        if (tmpfs.isEmpty()) {
            container.start();
            return container;
        }
        try {
            container.withTmpFs(tmpfs).start();
            return container;
        } catch (RuntimeException e) {
            container.stop();
            LOG.info("The {} container from {} did not start with its data on tmpfs ({}); starting it on disk",
                    dialect.engine(), image, rootMessage(e));
            JdbcDatabaseContainer<?> onDisk = dialect.container(image, password);
            if (identity != null) {
                labelForReuse(onDisk, identity, password);
            }
            try {
                onDisk.start();
            } catch (RuntimeException again) {
                onDisk.stop();
                again.addSuppressed(e);
                throw again;
            }
            return onDisk;
        }
    }

    // A throwaway server need not survive a crash: commits that skip the flush make migrations and
    // fixture loads several times faster. Settings an image does not know are skipped.
    private static void makeWritesCheap(Dialect dialect, DataSource admin) {
        Engine engine = dialect.engine();
        List<String> statements = dialect.cheapWriteStatements();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    LOG.debug("Skipped '{}' on the {} container: {}", sql, engine, e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.debug("Could not tune the {} container: {}", engine, e.getMessage());
        }
    }

    /**
     * How long a JVM waits for another that is finding or starting the same reused container: the
     * other may pull the image (bounded by the pull timeout) and then start the container, which
     * Testcontainers bounds by its start-up and connection timeouts, twice when tmpfs is refused.
     */
    static Duration lockWait(Settings settings) {
        return pullTimeout(settings).plus(CONTAINER_START_BOUND);
    }

    private static Duration pullTimeout(Settings settings) {
        return Duration.ofSeconds(settings.get(Setting.PULL_TIMEOUT));
    }

    private static boolean isLocal(String imageName) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(imageName).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + "; caused by " + root;
    }

    /**
     * Whether Docker answers, asked once per run (the run's memo keeps the answer): the first
     * answer takes Testcontainers up to seconds, and Docker does not come and go during a test run. Before Testcontainers is asked,
     * the helper images it would start on the way (ryuk, and alpine to find the Docker host from
     * inside a container) are looked up, so that a machine without a registry learns in seconds
     * which variable spares them, instead of minutes of silent pull retries.
     */
    static final class DockerCheck {

        // The images Testcontainers 2.0.5 starts (RyukContainer, DockerClientFactory.TINY_IMAGE);
        // DockerWithoutImageTest holds the second against the jar. Check both on an upgrade.
        static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
        static final String TINY_IMAGE = "alpine:3.17";

        private DockerCheck() {
        }

        static String problem(Settings settings, RunMemo memo) {
            return memo.reason(DockerCheck.class, () -> check(pullTimeout(settings), memo));
        }

        private static String check(Duration pullTimeout, RunMemo memo) {
            try {
                String helpers = helperImagesMissing(pullTimeout, memo);
                if (helpers != null) {
                    return helpers;
                }
                if (DockerClientFactory.instance().isDockerAvailable()) {
                    return null;
                }
                DockerClientFactory.instance().client();
                return "Testcontainers found no Docker environment";
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                int lineEnd = message.indexOf('\n');
                return lineEnd < 0 ? message : message.substring(0, lineEnd);
            }
        }

        // Testcontainers 2 reads these two only from the environment (or ~/.testcontainers.properties
        // for the host), so Migratest can only look ahead and say what to set.
        private static String helperImagesMissing(Duration pullTimeout, RunMemo memo) {
            TestcontainersConfiguration configuration = TestcontainersConfiguration.getInstance();
            // TESTCONTAINERS_RYUK_DISABLED, through Testcontainers' own reading of it
            if (!Boolean.parseBoolean(configuration.getEnvVarOrUserProperty("ryuk.disabled", "false"))) {
                String missing = DockerImages.missing(helperImage(RYUK_IMAGE), pullTimeout, memo);
                if (missing != null) {
                    return "Testcontainers' cleanup container ryuk cannot start: " + missing
                            + "; set TESTCONTAINERS_RYUK_DISABLED=true (Migratest stops its containers itself)";
                }
            }
            if (DockerClientConfigUtils.IN_A_CONTAINER
                    && configuration.getEnvVarOrProperty("host.override", null) == null) {
                String missing = DockerImages.missing(helperImage(TINY_IMAGE), pullTimeout, memo);
                if (missing != null) {
                    return "Testcontainers finds the Docker host from inside this container with an image, but "
                            + missing + "; set TESTCONTAINERS_HOST_OVERRIDE to the address of the Docker host"
                            + " (127.0.0.1 when Docker runs on this machine)";
                }
            }
            return null;
        }

        // as Testcontainers names it, after a configured prefix or substitutor
        private static String helperImage(String name) {
            return ImageNameSubstitutor.instance().apply(DockerImageName.parse(name)).asCanonicalNameString();
        }
    }
}
