package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invariants of deploy/README.md, checked on every Kustomize directory under deploy/k8s,
 * as typed Kubernetes objects. Ports and paths are compared with the environment each pod
 * really gets (downward API resolved), because that is what the node listens on and writes to.
 */
class ManifestInvariantsTest {

    /** Replicas per kustomization: an added overlay must be added here, deliberately. */
    private static final Map<String, Integer> REPLICAS =
            Map.of("base", 3, "overlays/production", 3, "overlays/scaled", 5);
    private static final int VOTERS = 3;

    static Stream<String> kustomizations() {
        return Manifests.kustomizations().stream();
    }

    @Test
    void everyKustomizationHasAnExpectedReplicaCount() {
        assertEquals(REPLICAS.keySet().stream().sorted().toList(), Manifests.kustomizations());
    }

    @Test
    void everyYamlFileIsPartOfAKustomization() throws IOException {
        Set<Path> used = new HashSet<>();
        for (String name : Manifests.kustomizations()) {
            Path dir = Manifests.k8sDir().resolve(name);
            JsonNode k = Kustomization.readDocuments(dir.resolve("kustomization.yaml")).get(0);
            used.add(dir.resolve("kustomization.yaml"));
            k.path("resources").forEach(r -> used.add(dir.resolve(r.asText()).normalize()));
            k.path("patches").forEach(p -> used.add(dir.resolve(p.path("path").asText()).normalize()));
        }
        try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
            List<Path> orphans = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !used.contains(f)).toList();
            assertEquals(List.of(), orphans, "manifests no test reaches");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void statefulSetOfThreeVotersStartsInParallel(String name) {
        Manifests m = Manifests.load(name);
        StatefulSetSpec spec = m.statefulSet().getSpec();
        assertEquals(REPLICAS.get(name), spec.getReplicas());
        assertEquals("Parallel", spec.getPodManagementPolicy());
        assertEquals(String.valueOf(VOTERS), env(m, 0).get("REGISTRY_VOTER_COUNT"));
        assertTrue(spec.getReplicas() >= VOTERS, "fewer pods than voters: Raft could never reach a quorum");
        assertTrue(matches(spec.getSelector(), templateLabels(m)), "selector does not select its own pods");
        m.all().forEach(o -> assertEquals(m.statefulSet().getMetadata().getNamespace(),
                o.getMetadata().getNamespace(), o.getMetadata().getName() + " is in another namespace"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void headlessServiceGivesEveryPodADnsNameBeforeItIsReady(String name) {
        Manifests m = Manifests.load(name);
        var peers = m.peers().getSpec();
        assertEquals("None", peers.getClusterIP());
        assertEquals(Boolean.TRUE, peers.getPublishNotReadyAddresses(),
                "voters must resolve each other before any is ready");
        assertTrue(selects(peers.getSelector(), m));
        Map<String, String> env = env(m, 0);
        int gossip = Integer.parseInt(env.get("REGISTRY_GOSSIP_PORT"));
        assertEquals(gossip, containerPort(m, "gossip"));
        assertTrue(peers.getPorts().stream().anyMatch(p -> p.getPort() == gossip
                && targetPort(m, p) == gossip), "headless Service lacks the gossip port " + gossip);
        assertEquals(m.peers().getMetadata().getName(), env.get("REGISTRY_PEER_SERVICE"));
        assertEquals(PodEnvironment.podName(m, 2), env(m, 2).get("REGISTRY_ID"));
        assertEquals(m.namespace(), env.get("POD_NAMESPACE"));
        assertEquals("10.1.2.3", env(m, 0, "10.1.2.3").get("REGISTRY_GOSSIP_HOST"), "gossip binds the pod IP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void probesAndScrapingUseThePortTheNodeServesHttpOn(String name) {
        Manifests m = Manifests.load(name);
        Container c = PodEnvironment.nodeContainer(m);
        int http = Integer.parseInt(env(m, 0).get("REGISTRY_HTTP_PORT"));
        assertEquals("0.0.0.0", env(m, 0).get("REGISTRY_HTTP_HOST"), "kubelet probes and port-forward need all addresses");
        assertProbe(m, c.getReadinessProbe().getHttpGet(), "/ready", http);
        assertProbe(m, c.getLivenessProbe().getHttpGet(), "/health", http);
        assertProbe(m, c.getStartupProbe().getHttpGet(), "/health", http);
        Map<String, String> annotations = m.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(String.valueOf(http), annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        ServicePort client = m.client().getSpec().getPorts().get(0);
        assertEquals(http, targetPort(m, client));
        assertTrue(selects(m.client().getSpec().getSelector(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void dataDirectoryLivesOnTheClaimedVolume(String name) {
        Manifests m = Manifests.load(name);
        Path dataDir = Path.of(env(m, 0).get("REGISTRY_DATA_DIR"));
        List<String> claims = m.statefulSet().getSpec().getVolumeClaimTemplates().stream()
                .map(t -> t.getMetadata().getName()).toList();
        VolumeMount mount = PodEnvironment.nodeContainer(m).getVolumeMounts().stream()
                .filter(v -> dataDir.startsWith(Path.of(v.getMountPath())))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + dataDir));
        assertTrue(claims.contains(mount.getName()), mount.getName() + " is not a volume claim template: data would die with the pod");
        PersistentVolumeClaim claim = m.statefulSet().getSpec().getVolumeClaimTemplates().stream()
                .filter(t -> t.getMetadata().getName().equals(mount.getName())).findFirst().orElseThrow();
        assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
        assertNotNull(claim.getSpec().getResources().getRequests().get("storage"));
        assertNotEquals(Boolean.TRUE, mount.getReadOnly(), "the data volume is mounted read-only");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void podRunsAsNonRootWithRequestsAndAReadOnlyRoot(String name) {
        Manifests m = Manifests.load(name);
        PodSpec pod = m.statefulSet().getSpec().getTemplate().getSpec();
        Container c = PodEnvironment.nodeContainer(m);
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertNotEquals(0L, pod.getSecurityContext().getRunAsUser());
        assertNotNull(pod.getSecurityContext().getFsGroup(), "the data volume must be writable by the non-root user");
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        Map<String, Quantity> requests = c.getResources().getRequests();
        assertNotNull(requests.get("cpu"));
        assertNotNull(requests.get("memory"));
        Quantity limit = c.getResources().getLimits().get("memory");
        assertTrue(limit.getNumericalAmount().compareTo(requests.get("memory").getNumericalAmount()) >= 0);
        if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
            String tmpVolume = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError("read-only root needs a writable /tmp")).getName();
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void podsSpreadOverMachinesAndOnlyOneMayBeDisrupted(String name) {
        Manifests m = Manifests.load(name);
        var anti = m.statefulSet().getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        List<PodAffinityTerm> terms = new ArrayList<>(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
        anti.getPreferredDuringSchedulingIgnoredDuringExecution().forEach(w -> terms.add(w.getPodAffinityTerm()));
        assertFalse(terms.isEmpty(), "no pod anti-affinity");
        for (PodAffinityTerm term : terms) {
            assertEquals("kubernetes.io/hostname", term.getTopologyKey());
            assertTrue(matches(term.getLabelSelector(), templateLabels(m)), "anti-affinity does not select the registry pods");
        }
        if (name.startsWith("overlays/")) {
            assertFalse(anti.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty(),
                    "production overlays require one pod per machine");
        }
        var pdb = m.disruptionBudget().getSpec();
        assertEquals(new IntOrString(1), pdb.getMaxUnavailable());
        assertNull(pdb.getMinAvailable());
        assertTrue(matches(pdb.getSelector(), templateLabels(m)), "the PodDisruptionBudget covers no registry pod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void terminationGraceCoversPreStopAndTheNodeShutdown(String name) {
        Manifests m = Manifests.load(name);
        PodSpec pod = m.statefulSet().getSpec().getTemplate().getSpec();
        Container c = PodEnvironment.nodeContainer(m);
        Duration shutdown = seconds(env(m, 0).get("REGISTRY_SHUTDOWN_TIMEOUT"));
        Duration preStop = Duration.ofSeconds(c.getLifecycle().getPreStop().getSleep().getSeconds());
        Duration grace = Duration.ofSeconds(pod.getTerminationGracePeriodSeconds());
        assertTrue(grace.compareTo(preStop.plus(shutdown).plusSeconds(2)) >= 0,
                "grace " + grace + " must exceed preStop " + preStop + " + shutdown " + shutdown + " + 2 s for the JVM to exit");
    }

    private static void assertProbe(Manifests m, HTTPGetAction get, String path, int httpPort) {
        assertEquals(path, get.getPath());
        assertEquals(httpPort, resolve(m, get.getPort()), "probe " + path + " is not on the HTTP port");
    }

    private static Duration seconds(String value) {
        assertTrue(value.matches("\\d+s"), "shutdown timeout in whole seconds expected: " + value);
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    static Map<String, String> env(Manifests m, int ordinal) {
        return env(m, ordinal, "10.0.0." + (10 + ordinal));
    }

    static Map<String, String> env(Manifests m, int ordinal, String podIp) {
        return PodEnvironment.of(m, ordinal, podIp);
    }

    static int containerPort(Manifests m, String portName) {
        return PodEnvironment.nodeContainer(m).getPorts().stream().filter(p -> portName.equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + portName));
    }

    private static int targetPort(Manifests m, ServicePort port) {
        return resolve(m, port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort());
    }

    private static int resolve(Manifests m, IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal() : containerPort(m, port.getStrVal());
    }

    private static Map<String, String> templateLabels(Manifests m) {
        return m.statefulSet().getSpec().getTemplate().getMetadata().getLabels();
    }

    private static boolean selects(Map<String, String> serviceSelector, Manifests m) {
        return serviceSelector != null && !serviceSelector.isEmpty()
                && templateLabels(m).entrySet().containsAll(serviceSelector.entrySet());
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(),
                "matchExpressions are not checked here; use matchLabels");
        return selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
                && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
