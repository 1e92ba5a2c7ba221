package dev.registry.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks requests against {@link Limits}. Each method returns every violation it finds, each
 * naming its field, so a caller can fix a request in one round trip. Pure and thread-safe.
 */
public final class Validation {

    private Validation() {
    }

    public static List<FieldError> serviceName(String field, String service) {
        List<FieldError> errors = new ArrayList<>();
        checkServiceName(errors, field, service);
        return errors;
    }

    public static List<FieldError> instanceId(String field, String id) {
        List<FieldError> errors = new ArrayList<>();
        checkInstanceId(errors, field, id);
        return errors;
    }

    /** Validates a registration whose service and id are given (from the path or the batch item). */
    public static List<FieldError> registration(String service, String id, RegistrationRequest r) {
        List<FieldError> errors = new ArrayList<>();
        checkServiceName(errors, "service", service);
        checkInstanceId(errors, "id", id);
        if (r == null) {
            errors.add(new FieldError("body", "is required: a JSON object with at least host and port"));
            return errors;
        }
        if (r.host() == null || r.host().isEmpty()) {
            errors.add(new FieldError("host", "is required"));
        } else {
            matches(errors, "host", r.host(), Limits.HOST, "must be a DNS name or IP address of at most "
                    + Limits.HOST_MAX + " characters");
        }
        if (r.port() == null) {
            errors.add(new FieldError("port", "is required"));
        } else {
            range(errors, "port", r.port(), Limits.PORT_MIN, Limits.PORT_MAX);
        }
        if (r.weight() != null) {
            range(errors, "weight", r.weight(), Limits.WEIGHT_MIN, Limits.WEIGHT_MAX);
        }
        if (r.zone() != null && !r.zone().isEmpty()) {
            matches(errors, "zone", r.zone(), Limits.ZONE, "must be 1 to 64 of [A-Za-z0-9._-]");
        }
        checkTags(errors, r.tags());
        checkMetadata(errors, r.metadata());
        if (r.status() != null && InstanceStatus.parse(r.status()).isEmpty()) {
            errors.add(new FieldError("status", "must be one of UP, STARTING, OUT_OF_SERVICE, DOWN"));
        }
        if (r.ttlSeconds() != null) {
            range(errors, "ttlSeconds", r.ttlSeconds(), Limits.TTL_MIN_SECONDS, Limits.TTL_MAX_SECONDS);
        }
        if (r.check() != null) {
            checkHealthCheck(errors, r.check());
        }
        return errors;
    }

    private static void checkServiceName(List<FieldError> errors, String field, String service) {
        if (service == null || service.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            matches(errors, field, service, Limits.SERVICE_NAME,
                    "must be 1 to " + Limits.SERVICE_NAME_MAX
                            + " of [a-z0-9._-], starting and ending with a letter or digit");
        }
    }

    private static void checkInstanceId(List<FieldError> errors, String field, String id) {
        if (id == null || id.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            matches(errors, field, id, Limits.INSTANCE_ID,
                    "must be 1 to " + Limits.INSTANCE_ID_MAX + " of [A-Za-z0-9._:@-], starting with a letter or digit");
        }
    }

    private static void checkTags(List<FieldError> errors, List<String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > Limits.TAGS_MAX) {
            errors.add(new FieldError("tags", "has " + tags.size() + " entries; at most " + Limits.TAGS_MAX));
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null) {
                errors.add(new FieldError("tags[" + i + "]", "must not be null"));
            } else {
                matches(errors, "tags[" + i + "]", tag, Limits.TAG, "must be 1 to 64 of [A-Za-z0-9._:/=-]");
            }
        }
    }

    private static void checkMetadata(List<FieldError> errors, Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > Limits.METADATA_MAX_ENTRIES) {
            errors.add(new FieldError("metadata", "has " + metadata.size() + " entries; at most "
                    + Limits.METADATA_MAX_ENTRIES));
            return;
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            if (key == null || !Limits.METADATA_KEY.matches(key)) {
                errors.add(new FieldError("metadata", "key '" + printable(key)
                        + "' must be 1 to 64 of [A-Za-z0-9._/-]"));
            } else if (e.getValue() == null) {
                errors.add(new FieldError("metadata." + key, "must not be null"));
            } else if (e.getValue().length() > Limits.METADATA_VALUE_MAX) {
                errors.add(new FieldError("metadata." + key, "is " + e.getValue().length()
                        + " characters; at most " + Limits.METADATA_VALUE_MAX));
            }
        }
    }

    private static void checkHealthCheck(List<FieldError> errors, HealthCheckSpec c) {
        if (c.type() == null) {
            errors.add(new FieldError("check.type", "must be HTTP or TCP"));
            return;
        }
        if (c.type() == HealthCheckSpec.Type.HTTP) {
            if (c.path() == null || !c.path().startsWith("/") || c.path().length() > Limits.CHECK_PATH_MAX
                    || c.path().chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                errors.add(new FieldError("check.path", "must start with '/' and be at most "
                        + Limits.CHECK_PATH_MAX + " printable ASCII characters"));
            }
            if (c.expectStatus() != 0) {
                range(errors, "check.expectStatus", c.expectStatus(), 100, 599);
            }
        }
        range(errors, "check.intervalMillis", c.intervalMillis(),
                Limits.CHECK_INTERVAL_MIN_MILLIS, Limits.CHECK_INTERVAL_MAX_MILLIS);
        range(errors, "check.timeoutMillis", c.timeoutMillis(), Limits.CHECK_TIMEOUT_MIN_MILLIS,
                Math.max(Limits.CHECK_TIMEOUT_MIN_MILLIS, c.intervalMillis()));
        range(errors, "check.healthyThreshold", c.healthyThreshold(), 1, Limits.CHECK_THRESHOLD_MAX);
        range(errors, "check.unhealthyThreshold", c.unhealthyThreshold(), 1, Limits.CHECK_THRESHOLD_MAX);
    }

    private static void matches(List<FieldError> errors, String field, String value, Token token, String rule) {
        if (!token.matches(value)) {
            errors.add(new FieldError(field, rule + " (got '" + printable(value) + "')"));
        }
    }

    private static void range(List<FieldError> errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + " (got " + value + ")"));
        }
    }

    /** Echoes at most 40 printable characters of a bad value, so an error never reflects a huge or binary input. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 40; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
        }
        if (value.length() > 40) {
            out.append("...");
        }
        return out.toString();
    }
}
