package dev.registry.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds a Kustomize directory the way {@code kubectl kustomize} does, for the subset of
 * Kustomize that deploy/k8s uses: {@code resources} (files and directories), {@code namespace},
 * {@code images}, {@code replicas} and {@code patches} holding JSON 6902 patches with a target
 * kind and name. Anything else in a kustomization.yaml fails the build, so a manifest change
 * that this resolver would silently ignore cannot pass the tests. CI machines need no kubectl;
 * {@link KubectlParityTest} compares this resolver with the real one where kubectl exists.
 */
final class Kustomization {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches");
    private static final Set<String> WORKLOADS = Set.of("StatefulSet", "Deployment", "ReplicaSet");

    private Kustomization() {
    }

    /** The resources of the kustomization in {@code dir}, fully transformed. */
    static List<ObjectNode> build(Path dir) {
        JsonNode k = readDocuments(dir.resolve("kustomization.yaml")).get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + field
                        + "' is not understood by this resolver; extend it and its parity test");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else {
                for (JsonNode doc : readDocuments(path)) {
                    resources.add((ObjectNode) doc);
                }
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, resources);
        }
        for (JsonNode image : k.path("images")) {
            resources.forEach(r -> setImage(r, image));
        }
        for (JsonNode replicas : k.path("replicas")) {
            setReplicas(resources, replicas);
        }
        if (k.hasNonNull("namespace")) {
            String namespace = k.get("namespace").asText();
            resources.forEach(r -> ((ObjectNode) r.get("metadata")).put("namespace", namespace));
        }
        return resources;
    }

    static List<JsonNode> readDocuments(Path file) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
             MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> resources) {
        JsonNode target = patch.path("target");
        Set<String> known = Set.of("path", "target");
        patch.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(dir + ": patch field '" + field + "' not supported");
            }
        });
        JsonNode operations = readDocuments(dir.resolve(patch.path("path").asText())).get(0);
        int matched = 0;
        for (ObjectNode resource : resources) {
            if (resource.path("kind").asText().equals(target.path("kind").asText())
                    && resource.path("metadata").path("name").asText().equals(target.path("name").asText())) {
                JsonPatch.apply(resource, operations);
                matched++;
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(dir + ": patch target matches nothing: " + target);
        }
    }

    /** Kustomize's images transformer: containers whose image name (without tag) matches. */
    private static void setImage(ObjectNode resource, JsonNode image) {
        JsonNode podSpec = resource.path("spec").path("template").path("spec");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : podSpec.path(list)) {
                String current = container.path("image").asText();
                int colon = current.lastIndexOf(':');
                boolean hasTag = colon > current.lastIndexOf('/');
                String name = hasTag ? current.substring(0, colon) : current;
                String tag = hasTag ? current.substring(colon + 1) : null;
                if (!name.equals(image.path("name").asText())) {
                    continue;
                }
                String newName = image.path("newName").asText(name);
                String newTag = image.path("newTag").asText(tag);
                ((ObjectNode) container).put("image", newTag == null ? newName : newName + ":" + newTag);
            }
        }
    }

    private static void setReplicas(List<ObjectNode> resources, JsonNode replicas) {
        for (ObjectNode resource : resources) {
            if (WORKLOADS.contains(resource.path("kind").asText())
                    && resource.path("metadata").path("name").asText().equals(replicas.path("name").asText())) {
                ((ObjectNode) resource.get("spec")).put("replicas", replicas.path("count").asInt());
            }
        }
    }
}
