package dev.registry.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One built Kustomize directory of deploy/k8s as typed fabric8 objects. Every resource must be
 * of a kind listed here and must carry no field unknown to the Kubernetes schema (a misspelt
 * field would otherwise land silently in fabric8's additionalProperties).
 */
record Manifests(
        String name,
        List<HasMetadata> all,
        StatefulSet statefulSet,
        Service peers,
        Service client,
        PodDisruptionBudget disruptionBudget) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/k8s"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path k8sDir() {
        return repositoryRoot().resolve("deploy/k8s");
    }

    /** Every directory under deploy/k8s holding a kustomization.yaml, relative to deploy/k8s. */
    static List<String> kustomizations() {
        try (Stream<Path> files = Files.walk(k8sDir())) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> k8sDir().relativize(p.getParent()).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifests load(String kustomization) {
        return fromTrees(kustomization, Kustomization.build(k8sDir().resolve(kustomization)));
    }

    static Manifests fromTrees(String name, List<? extends JsonNode> trees) {
        List<HasMetadata> all = new ArrayList<>();
        for (JsonNode tree : trees) {
            String key = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(key);
            if (type == null) {
                throw new IllegalArgumentException(name + ": no typed check for " + key + "; add one");
            }
            try {
                HasMetadata object = JSON.treeToValue(tree, type);
                SchemaCheck.assertNoUnknownFields(key + " " + object.getMetadata().getName(), object);
                all.add(object);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(name + ": " + key + " does not parse: " + e.getMessage(), e);
            }
        }
        StatefulSet sts = single(all, StatefulSet.class, name);
        String peersName = sts.getSpec().getServiceName();
        Service peers = all.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals(peersName))
                .map(Service.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no Service named serviceName " + peersName));
        List<Service> others = all.stream().filter(o -> o instanceof Service && o != peers)
                .map(Service.class::cast).toList();
        if (others.size() != 1) {
            throw new AssertionError(name + ": expected one client Service besides " + peersName + ", got " + others);
        }
        return new Manifests(name, List.copyOf(all), sts, peers, others.get(0),
                single(all, PodDisruptionBudget.class, name));
    }

    /** The namespace the objects land in; kubectl's default when the manifest sets none. */
    String namespace() {
        String ns = statefulSet.getMetadata().getNamespace();
        return ns == null ? "default" : ns;
    }

    int replicas() {
        return statefulSet.getSpec().getReplicas();
    }

    private static <T> T single(List<HasMetadata> all, Class<T> type, String name) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError(name + ": expected exactly one " + type.getSimpleName() + ", got " + found.size());
        }
        return found.get(0);
    }
}
