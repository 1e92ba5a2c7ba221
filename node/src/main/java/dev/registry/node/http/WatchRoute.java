package dev.registry.node.http;

import dev.registry.api.ApiHeaders;
import dev.registry.api.FieldError;
import dev.registry.api.Validation;
import dev.registry.node.registry.RegistryService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/watch?service=a&service=b}: opens a {@link WatchStream} per request and keeps the set of
 * open ones, so close() can end them all and tests can see that none leaks.
 */
final class WatchRoute {
    private static final int MAX_SERVICES = 256;

    private final RegistryService registry;
    private final Replies replies;
    private final HttpConfig config;
    private final Set<WatchStream> open = ConcurrentHashMap.newKeySet();

    WatchRoute(RegistryService registry, Replies replies, HttpConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.replies = replies;
        this.config = config;
        Gauge.builder("registry.watch.connections", open, Set::size)
                .description("open server-sent-event watch connections").register(meters);
    }

    void handle(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        List<String> names = ctx.queryParam("service");
        if (names.size() > MAX_SERVICES) {
            errors.add(new FieldError("service", "is repeated " + names.size() + " times; at most " + MAX_SERVICES));
        } else {
            for (String name : names) {
                errors.addAll(Validation.serviceName("service", name));
            }
        }
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        Set<String> services = new LinkedHashSet<>(names);
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(ApiHeaders.INDEX, Long.toString(registry.index()))
                .setWriteQueueMaxSize(config.watchWriteQueueBytes());
        Context context = ctx.vertx().getOrCreateContext();
        WatchStream[] self = new WatchStream[1];
        WatchStream stream = new WatchStream(ctx.vertx(), context, response, replies.codec(),
                config.watchMaxPendingEvents(), () -> open.remove(self[0]));
        self[0] = stream;
        open.add(stream);
        response.closeHandler(v -> stream.close(false));
        response.exceptionHandler(e -> stream.close(true));
        // The opening comment flushes the headers, so a client knows the watch is established.
        response.write(": watching " + (services.isEmpty() ? "all services" : String.join(",", services)) + "\n\n");
        AutoCloseable subscription;
        try {
            subscription = registry.watch(services, stream::offer);
        } catch (RuntimeException e) {
            stream.close(true);
            return;
        }
        stream.start(subscription, config.watchPing().toMillis());
    }

    int openCount() {
        return open.size();
    }

    /** Event loop or any thread: ends every watch (server shutdown). */
    void closeAll() {
        for (WatchStream stream : List.copyOf(open)) {
            stream.closeLater();
        }
    }
}
