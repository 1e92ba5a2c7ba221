package dev.registry.client.call;

import java.io.IOException;

/** The service has no instance that may receive a call: none registered, none healthy, or every breaker open. */
public final class NoInstanceAvailableException extends IOException {

    private final String service;

    public NoInstanceAvailableException(String service, String why) {
        super("no instance of " + service + " available: " + why);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
