package io.migratest.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Keeps the published POMs in step: {@code migratest-bom} (which has no parent, so nothing keeps it
 * in step by inheritance) manages every artifact the reactor publishes, at the reactor's version,
 * and the consumer project outside the reactor asks for that version.
 */
class PublishedArtifactsTest {

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    @Test
    void the_bom_manages_every_published_artifact_at_the_reactor_version() throws Exception {
        Document parent = pom("pom.xml");
        Document bom = pom("bom/pom.xml");
        List<String> published = new ArrayList<>();
        for (String module : strings(parent, "/project/modules/module")) {
            Document pom = pom(module + "/pom.xml");
            boolean deployed = !"true".equals(string(pom, "/project/properties/maven.deploy.skip"));
            if (deployed && !module.equals("bom")) {
                published.add(string(pom, "/project/artifactId"));
            }
        }

        assertThat(string(bom, "/project/version")).as("migratest-bom's version")
                .isEqualTo(string(parent, "/project/version"));
        assertThat(strings(bom, "/project/dependencyManagement/dependencies/dependency/artifactId"))
                .as("artifacts managed by bom/pom.xml").containsExactlyInAnyOrderElementsOf(published);
        assertThat(strings(bom, "/project/dependencyManagement/dependencies/dependency/version"))
                .as("their versions").containsOnly("${project.version}");
    }

    @Test
    void the_consumer_project_uses_the_reactor_version_and_our_slf4j() throws Exception {
        Document parent = pom("pom.xml");
        Document consumer = pom("samples/consumer/pom.xml");

        assertThat(string(consumer, "/project/parent")).as("the consumer project has no parent").isEmpty();
        assertThat(string(consumer, "/project/dependencyManagement/dependencies/dependency[artifactId='migratest-bom']/version"))
                .as("the consumer's migratest-bom version").isEqualTo(string(parent, "/project/version"));
        assertThat(string(consumer, "/project/dependencies/dependency[artifactId='slf4j-simple']/version"))
                .as("the consumer's slf4j-simple version").isEqualTo(string(parent, "/project/properties/slf4j.version"));
    }

    private Document pom(String path) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve(path).toFile());
    }

    private String string(Document pom, String expression) throws Exception {
        return xpath.evaluate(expression, pom).strip();
    }

    private List<String> strings(Document pom, String expression) throws Exception {
        NodeList nodes = (NodeList) xpath.evaluate(expression, pom, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        return values;
    }
}
