package dev.registry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch (add, remove, replace, test) over Jackson trees, for the Kustomize
 * overlays' {@code patches:} entries. Mutates the document in place; any path that does not
 * exist where RFC 6902 requires it fails with {@link IllegalArgumentException}, as kustomize does.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("a JSON 6902 patch is a list of operations: " + patch);
        }
        for (JsonNode op : patch) {
            applyOne(document, op);
        }
    }

    private static void applyOne(ObjectNode document, JsonNode op) {
        String kind = required(op, "op");
        List<String> path = pointer(required(op, "path"));
        if (path.isEmpty()) {
            throw new IllegalArgumentException("patching the whole document is not supported: " + op);
        }
        JsonNode parent = resolve(document, path.subList(0, path.size() - 1), op);
        String last = path.get(path.size() - 1);
        switch (kind) {
            case "add" -> add(parent, last, value(op), op);
            case "remove" -> remove(parent, last, op);
            case "replace" -> {
                remove(parent, last, op);
                add(parent, last, value(op), op);
            }
            case "test" -> {
                JsonNode actual = child(parent, last, op);
                if (!actual.equals(value(op))) {
                    throw new IllegalArgumentException("test failed, found " + actual + ": " + op);
                }
            }
            default -> throw new IllegalArgumentException("unsupported patch op '" + kind + "': " + op);
        }
    }

    private static void add(JsonNode parent, String key, JsonNode value, JsonNode op) {
        if (parent instanceof ObjectNode object) {
            object.set(key, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            if (key.equals("-")) {
                array.add(value.deepCopy());
            } else {
                int index = index(key, array.size() + 1, op);
                array.insert(index, value.deepCopy());
            }
        } else {
            throw new IllegalArgumentException("parent is not a container: " + op);
        }
    }

    private static void remove(JsonNode parent, String key, JsonNode op) {
        child(parent, key, op);
        if (parent instanceof ObjectNode object) {
            object.remove(key);
        } else {
            ((ArrayNode) parent).remove(index(key, parent.size(), op));
        }
    }

    private static JsonNode resolve(JsonNode document, List<String> path, JsonNode op) {
        JsonNode node = document;
        for (String segment : path) {
            node = child(node, segment, op);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String segment, JsonNode op) {
        JsonNode next = node.isArray() ? node.get(index(segment, node.size(), op)) : node.get(segment);
        if (next == null) {
            throw new IllegalArgumentException("no '" + segment + "' on the path of " + op);
        }
        return next;
    }

    private static int index(String segment, int bound, JsonNode op) {
        try {
            int index = Integer.parseInt(segment);
            if (index >= 0 && index < bound) {
                return index;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("bad array index '" + segment + "' in " + op);
    }

    /** Splits an RFC 6901 pointer, unescaping ~1 to / and ~0 to ~ (in that order). */
    static List<String> pointer(String pointer) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer starts with '/': " + pointer);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    private static String required(JsonNode op, String field) {
        JsonNode value = op.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("patch operation without '" + field + "': " + op);
        }
        return value.asText();
    }

    private static JsonNode value(JsonNode op) {
        JsonNode value = op.get("value");
        if (value == null) {
            throw new IllegalArgumentException("patch operation without 'value': " + op);
        }
        return value;
    }
}
