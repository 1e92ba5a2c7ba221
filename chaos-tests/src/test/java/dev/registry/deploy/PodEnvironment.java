package dev.registry.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment the kubelet gives a StatefulSet pod's container: downward-API fields
 * resolved for that pod, and {@code $(NAME)} references expanded against the entries defined
 * before them (Kubernetes semantics: an unknown reference stays as written, {@code $$} is a
 * literal {@code $}). Anything else in {@code valueFrom} fails: the tests would not know it.
 */
final class PodEnvironment {

    private PodEnvironment() {
    }

    static String podName(Manifests m, int ordinal) {
        return m.statefulSet().getMetadata().getName() + "-" + ordinal;
    }

    static Container nodeContainer(Manifests m) {
        var containers = m.statefulSet().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(m.name() + ": expected one container, got " + containers.size());
        }
        return containers.get(0);
    }

    /** The container's environment in pod {@code ordinal} whose IP is {@code podIp}. */
    static Map<String, String> of(Manifests m, int ordinal, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : nodeContainer(m).getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue() == null ? "" : var.getValue(), env);
            } else if (var.getValueFrom().getFieldRef() != null) {
                value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> podName(m, ordinal);
                    case "metadata.namespace" -> m.namespace();
                    case "status.podIP" -> podIp;
                    default -> throw new AssertionError("unexpected fieldRef " + var.getValueFrom().getFieldRef());
                };
            } else {
                throw new AssertionError(var.getName() + ": only downward-API fieldRefs are expected: " + var);
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    static String expand(String value, Map<String, String> defined) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
                int close = value.indexOf(')', i);
                String name = close < 0 ? null : value.substring(i + 2, close);
                if (name != null && defined.containsKey(name)) {
                    out.append(defined.get(name));
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
