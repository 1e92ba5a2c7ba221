package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver refuses what it does not understand, so no overlay feature is silently dropped. */
class KustomizationTest {

    private static final String STATEFUL_SET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - {name: a, image: "localhost:5000/web:1.0"}
                    - {name: b, image: other}
            """;

    @Test
    void appliesImagesReplicasAndNamespaceAcrossNestedDirectories(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/sts.yaml"), STATEFUL_SET);
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources: [sts.yaml]\n");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                namespace: prod
                resources: [base]
                images: [{name: "localhost:5000/web", newName: "registry.internal/web", newTag: "2.0"}]
                replicas: [{name: web, count: 4}]
                """);
        List<ObjectNode> built = Kustomization.build(dir);
        assertEquals(1, built.size());
        ObjectNode sts = built.get(0);
        assertEquals("prod", sts.path("metadata").path("namespace").asText());
        assertEquals(4, sts.path("spec").path("replicas").asInt());
        var containers = sts.path("spec").path("template").path("spec").path("containers");
        assertEquals("registry.internal/web:2.0", containers.get(0).path("image").asText());
        assertEquals("other", containers.get(1).path("image").asText());
    }

    @Test
    void refusesKustomizeFeaturesItDoesNotImplement(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sts.yaml"), STATEFUL_SET);
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [sts.yaml]\ncommonLabels: {a: b}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Kustomization.build(dir));
        assertTrue(e.getMessage().contains("commonLabels"), e.getMessage());
    }

    @Test
    void refusesAPatchWhoseTargetMatchesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sts.yaml"), STATEFUL_SET);
        Files.writeString(dir.resolve("p.yaml"), "- {op: replace, path: /spec/replicas, value: 2}\n");
        Files.writeString(dir.resolve("kustomization.yaml"),
                "resources: [sts.yaml]\npatches: [{path: p.yaml, target: {kind: StatefulSet, name: nope}}]\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomization.build(dir));
    }
}
