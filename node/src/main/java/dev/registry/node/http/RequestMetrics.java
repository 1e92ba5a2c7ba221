package dev.registry.node.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every request as {@code registry.http.requests} (Prometheus: {@code registry_http_requests_seconds})
 * tagged with the route template (never the raw path, so label cardinality stays bounded), the method
 * and the status. Event loop only; meters are looked up once per (route, method, status).
 */
final class RequestMetrics {
    /** Key under which a route's first handler leaves its template in the RoutingContext. */
    static final String ROUTE_KEY = "registry.route";
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The router's first handler: starts the clock and stops it when the response ends. */
    void handle(RoutingContext ctx) {
        Timer.Sample sample = Timer.start(meters);
        ctx.addEndHandler(v -> {
            String route = ctx.get(ROUTE_KEY);
            sample.stop(timer(route == null ? UNMATCHED : route, methodOf(ctx), ctx.response().getStatusCode()));
        });
        ctx.next();
    }

    private static String methodOf(RoutingContext ctx) {
        String method = ctx.request().method().name();
        // Arbitrary method tokens would make arbitrary labels: fold the unknown ones.
        return switch (method) {
            case "GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH" -> method;
            default -> "OTHER";
        };
    }

    private Timer timer(String route, String method, int status) {
        String key = route + ' ' + method + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("registry.http.requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(meters));
        }
        return timer;
    }
}
