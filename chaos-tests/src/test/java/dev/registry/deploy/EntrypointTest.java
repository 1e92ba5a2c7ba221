package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs deploy/container/entrypoint.sh with each pod's environment (built from the manifests)
 * and a stand-in {@code java} that prints what it was given, so the mapping from Kubernetes to
 * the node's settings is checked exactly: the voter list equals the StatefulSet's DNS names.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EntrypointTest {

    @TempDir
    Path tmp;
    private Path home;
    private Path jdk;

    /** What the stand-in java saw: its arguments and the REGISTRY_* environment. */
    record Launch(int exitCode, List<String> args, Map<String, String> env, String stderr) {
    }

    static Stream<String> kustomizations() {
        return Manifests.kustomizations().stream();
    }

    @BeforeEach
    void standInJvm() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createFile(home.resolve("registry-node.jar"));
        jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do printf 'ARG %s\\n' "$a"; done
                env | grep -E '^(REGISTRY_|JAVA_OPTS=)' | sed 's/^/ENV /'
                """);
        assertTrue(java.toFile().setExecutable(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyPodGetsTheStatefulSetsDnsNamesAsVoters(String name) throws Exception {
        Manifests m = Manifests.load(name);
        String set = m.statefulSet().getMetadata().getName();
        String domain = m.statefulSet().getSpec().getServiceName() + "." + m.namespace() + ".svc.cluster.local";
        int gossip = ManifestInvariantsTest.containerPort(m, "gossip");
        int voters = Integer.parseInt(ManifestInvariantsTest.env(m, 0).get("REGISTRY_VOTER_COUNT"));
        String expectedVoters = IntStream.range(0, voters)
                .mapToObj(i -> set + "-" + i + "@" + set + "-" + i + "." + domain + ":" + gossip)
                .collect(Collectors.joining(","));
        String expectedSeeds = IntStream.range(0, voters)
                .mapToObj(i -> set + "-" + i + "." + domain + ":" + gossip).collect(Collectors.joining(","));

        for (int ordinal = 0; ordinal < m.replicas(); ordinal++) {
            Map<String, String> pod = ManifestInvariantsTest.env(m, ordinal);
            Launch launch = run(pod);
            assertEquals(0, launch.exitCode(), launch.stderr());
            String id = set + "-" + ordinal;
            assertEquals(id, launch.env().get("REGISTRY_ID"));
            assertEquals(expectedVoters, launch.env().get("REGISTRY_VOTERS"));
            assertEquals(id + "." + domain, launch.env().get("REGISTRY_ADVERTISE_HOST"));
            if (ordinal < voters) {
                assertNull(launch.env().get("REGISTRY_ROLE"), "a voter's role comes from the voter list");
                assertNull(launch.env().get("REGISTRY_JOIN"));
            } else {
                assertEquals("peer", launch.env().get("REGISTRY_ROLE"));
                assertEquals(expectedSeeds, launch.env().get("REGISTRY_JOIN"));
            }
            pod.forEach((k, v) -> {
                if (k.startsWith("REGISTRY_")) {
                    assertEquals(v, launch.env().get(k), k + " must reach the node unchanged");
                }
            });
        }
    }

    @Test
    void jvmGetsTheAtomixOpensOfTheRootPomThenJavaOptsThenTheNodeCommand() throws Exception {
        Map<String, String> pod = ManifestInvariantsTest.env(Manifests.load("overlays/production"), 1);
        pod.put("JAVA_OPTS", "-Xmx300m -Djdk.net.hosts.file=/tmp/hosts");
        Launch launch = run(pod, "--profile", "test");
        assertEquals(0, launch.exitCode(), launch.stderr());
        List<String> expected = new ArrayList<>(Arrays.asList(rootPomProperty("atomix.jvm.opens").trim().split("\\s+")));
        expected.addAll(List.of("-Xmx300m", "-Djdk.net.hosts.file=/tmp/hosts",
                "-jar", home.resolve("registry-node.jar").toString(), "node", "--profile", "test"));
        assertEquals(expected, launch.args());
    }

    @Test
    void settingsAlreadyGivenWinOverDerivedOnes() throws Exception {
        Map<String, String> pod = ManifestInvariantsTest.env(Manifests.load("overlays/scaled"), 4);
        pod.put("REGISTRY_VOTERS", "a@h1:7101");
        pod.put("REGISTRY_ROLE", "voter");
        pod.put("REGISTRY_ADVERTISE_HOST", "10.9.9.9");
        Launch launch = run(pod);
        assertEquals("a@h1:7101", launch.env().get("REGISTRY_VOTERS"));
        assertEquals("voter", launch.env().get("REGISTRY_ROLE"));
        assertEquals("10.9.9.9", launch.env().get("REGISTRY_ADVERTISE_HOST"));
    }

    @Test
    void withoutAPeerServiceTheNodeDefaultsApply() throws Exception {
        Launch launch = run(Map.of("REGISTRY_ID", "laptop"));
        assertEquals(0, launch.exitCode(), launch.stderr());
        assertFalse(launch.env().containsKey("REGISTRY_VOTERS"));
        assertFalse(launch.env().containsKey("REGISTRY_ADVERTISE_HOST"));
    }

    @Test
    void nodeIdDefaultsToTheHostName() throws Exception {
        Map<String, String> pod = ManifestInvariantsTest.env(Manifests.load("base"), 1);
        pod.remove("REGISTRY_ID");
        pod.put("HOSTNAME", "registry-1");
        Launch launch = run(pod);
        assertEquals(0, launch.exitCode(), launch.stderr());
        assertEquals("registry-1", launch.env().get("REGISTRY_ID"));
        assertTrue(launch.env().get("REGISTRY_ADVERTISE_HOST").startsWith("registry-1.registry-peers."));
    }

    @Test
    void refusesAPodNameWithoutAnOrdinal() throws Exception {
        Map<String, String> pod = ManifestInvariantsTest.env(Manifests.load("base"), 0);
        pod.put("REGISTRY_ID", "registry");
        Launch launch = run(pod);
        assertEquals(64, launch.exitCode());
        assertTrue(launch.stderr().contains("not a StatefulSet pod name"), launch.stderr());
        assertTrue(launch.args().isEmpty(), "the JVM must not start");
    }

    @Test
    void refusesToGuessTheNamespace() throws Exception {
        Map<String, String> pod = ManifestInvariantsTest.env(Manifests.load("base"), 0);
        pod.remove("POD_NAMESPACE");
        Launch launch = run(pod);
        assertEquals(64, launch.exitCode());
        assertTrue(launch.stderr().contains("POD_NAMESPACE"), launch.stderr());
    }

    @Test
    void refusesToStartWithoutTheNodeJar() throws Exception {
        Files.delete(home.resolve("registry-node.jar"));
        Launch launch = run(ManifestInvariantsTest.env(Manifests.load("base"), 0));
        assertEquals(64, launch.exitCode());
        assertTrue(launch.stderr().contains("no node jar"), launch.stderr());
    }

    static Path script() {
        return Manifests.repositoryRoot().resolve("deploy/container/entrypoint.sh");
    }

    private Launch run(Map<String, String> podEnv, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(podEnv);
        pb.environment().put("REGISTRY_HOME", home.toString());
        pb.environment().put("JAVA_HOME", jdk.getParent().toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "entrypoint did not finish");
        } finally {
            p.destroyForcibly();
        }
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("ARG ")) {
                args.add(line.substring(4));
            } else if (line.startsWith("ENV ")) {
                String kv = line.substring(4);
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return new Launch(p.exitValue(), args, env, Files.readString(err, StandardCharsets.UTF_8));
    }

    static String rootPomProperty(String name) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Manifests.repositoryRoot().resolve("pom.xml").toFile());
        var nodes = doc.getElementsByTagName(name);
        assertEquals(1, nodes.getLength(), "root pom property " + name);
        return nodes.item(0).getTextContent();
    }
}
