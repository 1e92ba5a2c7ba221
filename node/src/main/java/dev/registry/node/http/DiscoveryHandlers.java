package dev.registry.node.http;

import dev.registry.api.ApiHeaders;
import dev.registry.api.FieldError;
import dev.registry.api.HistoryEntry;
import dev.registry.api.InstanceView;
import dev.registry.api.Validation;
import dev.registry.node.registry.RegistryService;
import dev.registry.node.registry.ServiceSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read routes: service list, instances of a service (cached, filtered, blocking), history. Runs on
 * an event loop; a blocking query parks no thread: it waits on the registry's future and answers from
 * the request's context when it completes.
 */
final class DiscoveryHandlers {
    private final RegistryService registry;
    private final Replies replies;
    private final DiscoveryCache cache;
    private final HttpConfig config;

    private final AtomicInteger parked = new AtomicInteger();

    DiscoveryHandlers(RegistryService registry, Replies replies, DiscoveryCache cache, HttpConfig config,
                      MeterRegistry meters) {
        this.registry = registry;
        this.replies = replies;
        this.cache = cache;
        this.config = config;
        Gauge.builder("registry.http.blocking.queries", parked, AtomicInteger::get)
                .description("blocking queries waiting for a change").register(meters);
    }

    void services(RoutingContext ctx) {
        long index = registry.index();
        markFreshness(ctx.response(), index);
        replies.json(ctx, 200, registry.services());
    }

    void instances(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        errors.addAll(Validation.serviceName("service", service));
        DiscoveryFilter filter = DiscoveryFilter.parse(ctx, errors);
        Optional<Long> index = QueryParams.index(ctx, errors);
        Duration wait = QueryParams.waitFor(ctx, config.defaultWait(), config.maxWait(), errors);
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        ServiceSnapshot snapshot = registry.service(service);
        if (index.isEmpty() || snapshot.index() > index.get() || wait.isZero()) {
            answerInstances(ctx, snapshot, filter);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<Long> change = registry.awaitChange(service, index.get(), wait);
        parked.incrementAndGet();
        // Event loop only (the timer and the hop share the request's context): answers exactly once, on the
        // change or, should the registry's future ever not complete, one second after the wait.
        boolean[] answered = new boolean[1];
        Runnable answer = () -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            parked.decrementAndGet();
            if (!ctx.response().closed() && !ctx.response().ended()) {
                answerInstances(ctx, registry.service(service), filter);
            }
        };
        long guard = ctx.vertx().setTimer(wait.toMillis() + 1_000, id -> answer.run());
        // The future is the registry's (perhaps shared by several waiters), so a caller that hangs up does
        // not cancel it: the answer is simply dropped when it comes, at the latest after the bounded wait.
        change.whenComplete((changed, failure) -> context.runOnContext(v -> {
            ctx.vertx().cancelTimer(guard);
            answer.run();
        }));
    }

    void history(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        String id = ctx.pathParam("id");
        errors.addAll(Validation.serviceName("service", service));
        errors.addAll(Validation.instanceId("id", id));
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<List<HistoryEntry>> future = registry.history(service, id);
        future.whenComplete((entries, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                replies.error(ctx, 500, "internal_error", "the registry failed: "
                        + JsonCodec.printable(String.valueOf(failure.getMessage())));
            } else if (entries.isEmpty()) {
                replies.notFound(ctx, "nothing is known of instance '" + id + "' of service '" + service + "'");
            } else {
                replies.json(ctx, 200, entries);
            }
        }));
    }

    /** Serves from the cache when it holds the answer rendered at this snapshot's index; renders otherwise. */
    private void answerInstances(RoutingContext ctx, ServiceSnapshot snapshot, DiscoveryFilter filter) {
        String filterKey = filter.key();
        Buffer body = cache.get(snapshot.service(), filterKey, snapshot.index());
        if (body == null) {
            List<InstanceView> selected = snapshot.instances();
            if (!filter.isEmpty()) {
                selected = selected.stream().filter(filter::matches).toList();
            }
            body = Buffer.buffer(replies.codec().write(selected));
            cache.put(snapshot.service(), filterKey, snapshot.index(), body);
        }
        markFreshness(ctx.response(), snapshot.index());
        replies.send(ctx, 200, body);
    }

    private void markFreshness(HttpServerResponse response, long index) {
        response.putHeader(ApiHeaders.INDEX, Long.toString(index));
        if (!registry.ready()) {
            response.putHeader(ApiHeaders.STALE, "true");
        }
    }
}
