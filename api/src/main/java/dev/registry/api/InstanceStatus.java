package dev.registry.api;

import java.util.Locale;
import java.util.Optional;

/** The status an instance declares for itself. Only UP instances receive traffic from clients. */
public enum InstanceStatus {
    STARTING,
    UP,
    /** Taken out of rotation on purpose (maintenance, draining); accepted as "MAINTENANCE" too. */
    OUT_OF_SERVICE,
    DOWN;

    /** Parses a status name case-insensitively; "MAINTENANCE" is an alias of OUT_OF_SERVICE. */
    public static Optional<InstanceStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("MAINTENANCE")) {
            return Optional.of(OUT_OF_SERVICE);
        }
        for (InstanceStatus status : values()) {
            if (status.name().equals(upper)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
