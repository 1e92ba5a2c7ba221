package dev.registry.node.http;

import dev.registry.api.FieldError;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.Limits;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.TreeSet;

/**
 * The filters of {@code GET /v1/services/{service}/instances}, normalized (tags sorted and distinct) so
 * that equal filters written in different orders share one cache entry.
 *
 * @param healthyOnly {@code ?healthy=true}: only {@link InstanceView#healthy()} instances
 * @param tags        {@code ?tag=} (repeatable): every one must be among the instance's tags
 * @param zone        {@code ?zone=}, or null
 * @param status      {@code ?status=}, or null
 */
record DiscoveryFilter(boolean healthyOnly, List<String> tags, String zone, InstanceStatus status) {

    static final DiscoveryFilter NONE = new DiscoveryFilter(false, List.of(), null, null);

    DiscoveryFilter {
        tags = List.copyOf(new TreeSet<>(tags));
    }

    static DiscoveryFilter parse(RoutingContext ctx, List<FieldError> errors) {
        boolean healthy = QueryParams.flag(ctx, "healthy", errors);
        List<String> tags = ctx.queryParam("tag");
        if (tags.size() > Limits.TAGS_MAX) {
            errors.add(new FieldError("tag", "is repeated " + tags.size() + " times; at most " + Limits.TAGS_MAX));
            tags = List.of();
        }
        for (String tag : tags) {
            if (!Limits.TAG.matches(tag)) {
                errors.add(new FieldError("tag", "must be 1 to 64 of [A-Za-z0-9._:/=-] (got '"
                        + JsonCodec.printable(tag) + "')"));
            }
        }
        String zone = QueryParams.single(ctx, "zone", errors);
        if (zone != null && !Limits.ZONE.matches(zone)) {
            errors.add(new FieldError("zone", "must be 1 to 64 of [A-Za-z0-9._-] (got '"
                    + JsonCodec.printable(zone) + "')"));
            zone = null;
        }
        String statusText = QueryParams.single(ctx, "status", errors);
        InstanceStatus status = null;
        if (statusText != null) {
            status = InstanceStatus.parse(statusText).orElse(null);
            if (status == null) {
                errors.add(new FieldError("status", "must be one of UP, STARTING, OUT_OF_SERVICE, DOWN (got '"
                        + JsonCodec.printable(statusText) + "')"));
            }
        }
        if (!errors.isEmpty()) {
            return NONE;
        }
        return new DiscoveryFilter(healthy, tags, zone, status);
    }

    boolean isEmpty() {
        return !healthyOnly && tags.isEmpty() && zone == null && status == null;
    }

    boolean matches(InstanceView instance) {
        if (healthyOnly && !instance.healthy()) {
            return false;
        }
        if (zone != null && !zone.equals(instance.zone())) {
            return false;
        }
        if (status != null && status != instance.status()) {
            return false;
        }
        return tags.isEmpty() || (instance.tags() != null && instance.tags().containsAll(tags));
    }

    /** A canonical text of the filter: the cache key's second half. */
    String key() {
        if (isEmpty()) {
            return "";
        }
        return (healthyOnly ? "h" : "") + "|" + String.join(",", tags) + "|" + (zone == null ? "" : zone)
                + "|" + (status == null ? "" : status.name());
    }
}
