package dev.registry.api;

import java.util.List;

/** The answer of {@code GET /v1/services/{service}/instances}; {@code index} repeats X-Registry-Index. */
public record InstanceList(String service, long index, List<InstanceView> instances) {
}
