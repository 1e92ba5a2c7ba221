package dev.registry.node.registry;

import dev.registry.api.InstanceView;

/** The outcome of one write, as a value: the HTTP layer maps each case to a status code. */
public sealed interface WriteResult {

    /** Stored (durably, and with the requested acknowledgements); {@code index} is the service's new index. */
    record Ok(InstanceView instance, long index) implements WriteResult {
    }

    /** The instance is not visible on this node (404). */
    record NotFound(String service, String id) implements WriteResult {
    }

    /** The caller's request cannot be applied (4xx), e.g. a batch item that failed validation. */
    record Refused(int status, String error, String message) implements WriteResult {
    }

    /** The node cannot honour the write now (503), e.g. acks=2 with no peer confirming in time, or shutting down. */
    record Unavailable(String message) implements WriteResult {
    }
}
