package dev.registry.client.peer;

import java.io.IOException;
import java.util.List;

/** No registry peer answered a request; {@code tried} lists the peers ("host:port") in the order tried. */
public final class RegistryUnavailableException extends IOException {

    private final List<String> tried;

    public RegistryUnavailableException(String what, List<String> tried, Throwable last) {
        super(what + ": no registry peer answered (tried " + tried + ")", last);
        this.tried = List.copyOf(tried);
    }

    public List<String> tried() {
        return tried;
    }
}
