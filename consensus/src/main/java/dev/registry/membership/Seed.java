package dev.registry.membership;

import java.util.Objects;

/** A voter named in configuration: {@code id@host:port}, the port being its gossip (Atomix messaging) port. */
public record Seed(String id, String host, int port) {

    public Seed {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (id.isBlank() || id.contains("@")) {
            throw new IllegalArgumentException("bad seed id: '" + id + "'");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("bad seed host for " + id);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad seed port for " + id + ": " + port);
        }
    }

    /** Parses {@code id@host:port}. */
    public static Seed parse(String text) {
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == text.length() - 1) {
            throw new IllegalArgumentException("seed must be id@host:port, got '" + text + "'");
        }
        try {
            return new Seed(text.substring(0, at), text.substring(at + 1, colon),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be id@host:port, got '" + text + "'", e);
        }
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id + "@" + address();
    }
}
