package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where kubectl is installed, its own Kustomize must build exactly what {@link Kustomization}
 * builds, so the invariants checked on our resolver's output hold for what users apply.
 * Skips (with a message) on machines without kubectl; the invariant tests still run there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KubectlParityTest {

    static Stream<String> kustomizations() {
        return Manifests.kustomizations().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kubectlKustomizeBuildsTheSameObjects(String name, @TempDir Path tmp) throws Exception {
        String kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on PATH: parity with the real Kustomize not checked here");
        Path out = tmp.resolve("out.yaml");
        Process p = new ProcessBuilder(kubectl, "kustomize", Manifests.k8sDir().resolve(name).toString())
                .redirectOutput(out.toFile()).redirectErrorStream(false)
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        try {
            assumeTrue(p.waitFor(90, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
        Map<String, JsonNode> ours = byKindAndName(Kustomization.build(Manifests.k8sDir().resolve(name)).stream());
        Map<String, JsonNode> theirs;
        try (JsonParser parser = Kustomization.YAML.getFactory().createParser(out.toFile());
             MappingIterator<JsonNode> docs = Kustomization.YAML.readValues(parser, JsonNode.class)) {
            theirs = byKindAndName(docs.readAll().stream());
        }
        assertEquals(theirs.keySet(), ours.keySet());
        theirs.forEach((key, expected) -> assertEquals(expected, ours.get(key), key));
    }

    private static Map<String, JsonNode> byKindAndName(Stream<? extends JsonNode> docs) {
        Map<String, JsonNode> result = new TreeMap<>();
        docs.forEach(d -> result.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d));
        return result;
    }

    private static String onPath(String binary) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
