package dev.registry.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * Walks a fabric8 object graph and fails on any field that the Kubernetes schema does not
 * know: fabric8 keeps such fields in {@code getAdditionalProperties()} instead of rejecting
 * them, so {@code publishNotReadyAdresses: true} would otherwise parse and do nothing.
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static void assertNoUnknownFields(String where, Object object) {
        walk(where, object);
    }

    private static void walk(String where, Object value) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(where + "[" + i++ + "]", item);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(where + "." + k, v));
        } else if (value instanceof KubernetesResource resource) {
            walkResource(where, resource);
        }
    }

    private static void walkResource(String where, KubernetesResource resource) {
        for (Method getter : resource.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, resource);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new AssertionError(where + ": fields unknown to the Kubernetes schema: " + extra.keySet());
                }
            } else if (child != null) {
                walk(where + "." + getter.getName().substring(3), child);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
