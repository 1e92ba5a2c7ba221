package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the Dockerfile is read as data and held to the manifests:
 * JRE 17, the StatefulSet's non-root uid, the tested entrypoint, the ports the pod declares,
 * and the data directory on the volume. Only the final stage is checked for runtime facts.
 */
class ContainerImageTest {

    /** One instruction of the final stage: keyword and its argument text. */
    record Instruction(String keyword, String args) {
    }

    private static List<Instruction> all;
    private static List<Instruction> runtime;
    private static Manifests manifests;

    @BeforeAll
    static void parse() throws IOException {
        Path dockerfile = Manifests.repositoryRoot().resolve("deploy/container/Dockerfile");
        String joined = Files.readAllLines(dockerfile).stream()
                .filter(l -> !l.trim().startsWith("#"))
                .collect(Collectors.joining("\n"))
                .replace("\\\n", " ");
        all = new ArrayList<>();
        for (String line : joined.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                String[] parts = trimmed.split("\\s+", 2);
                all.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].trim() : ""));
            }
        }
        int lastFrom = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        runtime = all.subList(lastFrom, all.size());
        manifests = Manifests.load("overlays/production");
    }

    @Test
    void runsOnAJre17Base() {
        String base = runtime.get(0).args();
        assertTrue(base.matches("eclipse-temurin:17[.0-9]*-jre.*"), base);
    }

    @Test
    void runsAsTheNonRootUserTheStatefulSetExpects() {
        String user = single("USER");
        String uid = user.split(":")[0];
        assertTrue(uid.matches("\\d+"), "numeric uid, so the kubelet can verify runAsNonRoot: " + user);
        assertNotEquals("0", uid);
        var pod = manifests.statefulSet().getSpec().getTemplate().getSpec().getSecurityContext();
        assertEquals(String.valueOf(pod.getRunAsUser()), uid);
        assertEquals(String.valueOf(pod.getFsGroup()), user.split(":")[1]);
    }

    @Test
    void entrypointIsTheTestedScriptCopiedFromTheRepository() throws IOException {
        List<?> entrypoint = new ObjectMapper().readValue(single("ENTRYPOINT"), List.class);
        String target = (String) entrypoint.get(0);
        assertTrue(runtime.stream().anyMatch(i -> i.keyword().equals("COPY")
                && i.args().endsWith("deploy/container/entrypoint.sh " + target)), "no COPY of the script to " + target);
        assertTrue(Files.isExecutable(EntrypointTest.script()));
    }

    @Test
    void everyCopyFromTheContextExists() {
        for (Instruction copy : all) {
            if (copy.keyword().equals("COPY") && !copy.args().contains("--from=")) {
                List<String> words = Arrays.stream(copy.args().split("\\s+")).filter(w -> !w.startsWith("--")).toList();
                for (String source : words.subList(0, words.size() - 1)) {
                    if (!source.equals(".")) {
                        assertTrue(Files.exists(Manifests.repositoryRoot().resolve(source)), source);
                    }
                }
            }
        }
    }

    @Test
    void exposesExactlyThePortsThePodDeclares() {
        Set<String> exposed = Set.of(single("EXPOSE").split("\\s+"));
        Set<String> declared = PodEnvironment.nodeContainer(manifests).getPorts().stream()
                .map(ContainerPort::getContainerPort).map(String::valueOf).collect(Collectors.toSet());
        assertEquals(declared, exposed);
    }

    @Test
    void nodeJarAndDataDirectoryAreWhereTheEntrypointAndThePodLookForThem() {
        String env = runtime.stream().filter(i -> i.keyword().equals("ENV")).map(Instruction::args)
                .collect(Collectors.joining(" "));
        assertTrue(env.contains("REGISTRY_HOME=/opt/registry"), env);
        assertTrue(runtime.stream().anyMatch(i -> i.keyword().equals("COPY")
                && i.args().endsWith("registry-node.jar /opt/registry/registry-node.jar")));
        assertTrue(runtime.stream().anyMatch(i -> i.keyword().equals("COPY")
                && i.args().endsWith("node/target/lib/ /opt/registry/lib/")), "the jar's Class-Path needs lib/ beside it");
        String podDataDir = ManifestInvariantsTest.env(manifests, 0).get("REGISTRY_DATA_DIR");
        assertTrue(env.contains("REGISTRY_DATA_DIR=" + podDataDir), env);
        String volume = single("VOLUME");
        assertFalse(volume.isEmpty());
        String mount = PodEnvironment.nodeContainer(manifests).getVolumeMounts().stream()
                .filter(v -> podDataDir.startsWith(v.getMountPath())).findFirst().orElseThrow().getMountPath();
        assertEquals("[\"" + mount + "\"]", volume);
    }

    private static String single(String keyword) {
        List<String> found = runtime.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        assertEquals(1, found.size(), keyword + " in the final stage");
        return found.get(0);
    }
}
