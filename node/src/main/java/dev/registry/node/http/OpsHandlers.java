package dev.registry.node.http;

import dev.registry.node.registry.RegistryService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Cluster and operations routes: members, status, /health, /ready, /metrics. Event loop, non-blocking. */
final class OpsHandlers {
    /** Prometheus text exposition format 0.0.4, which every Prometheus server scrapes. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final RegistryService registry;
    private final Replies replies;
    private final MeterRegistry meters;

    OpsHandlers(RegistryService registry, Replies replies, MeterRegistry meters) {
        this.registry = registry;
        this.replies = replies;
        this.meters = meters;
    }

    void members(RoutingContext ctx) {
        replies.json(ctx, 200, registry.members());
    }

    void status(RoutingContext ctx) {
        replies.json(ctx, 200, registry.clusterStatus());
    }

    /** Liveness: answering at all proves the event loop runs. */
    void health(RoutingContext ctx) {
        replies.json(ctx, 200, Map.of("status", "ok"));
    }

    void ready(RoutingContext ctx) {
        if (registry.ready()) {
            replies.json(ctx, 200, Map.of("status", "ready"));
        } else {
            replies.unavailable(ctx, "the node has not joined the cluster or caught up with its peers yet");
        }
    }

    /** Scraping walks every meter (~ms for a few thousand); acceptable on the event loop at scrape rates. */
    void metrics(RoutingContext ctx) {
        if (!(meters instanceof PrometheusMeterRegistry prometheus)) {
            replies.notFound(ctx, "this node exports no Prometheus metrics");
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(prometheus.scrape());
    }
}
