package dev.registry.client.balance;

import dev.registry.api.InstanceView;
import java.net.URI;

/**
 * One instance as the balancers see it: the registry's view, the client's own statistics for it,
 * and its base URI ({@code http://host:port}), computed once when the cache builds its snapshot.
 */
public final class Endpoint {

    private final InstanceView instance;
    private final EndpointStats stats;
    private final URI baseUri;

    public Endpoint(InstanceView instance, EndpointStats stats) {
        this.instance = instance;
        this.stats = stats;
        String host = instance.host();
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        this.baseUri = URI.create("http://" + (ipv6 ? "[" + host + "]" : host) + ":" + instance.port());
    }

    public InstanceView instance() {
        return instance;
    }

    public EndpointStats stats() {
        return stats;
    }

    public URI baseUri() {
        return baseUri;
    }

    public String id() {
        return instance.id();
    }

    /** The instance's weight for weighted strategies; 0 keeps it out of weighted picks. */
    public int weight() {
        return instance.weight();
    }

    public String zone() {
        return instance.zone();
    }

    @Override
    public String toString() {
        return instance.service() + "/" + instance.id() + "@" + baseUri;
    }
}
