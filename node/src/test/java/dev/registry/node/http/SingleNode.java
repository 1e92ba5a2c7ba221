package dev.registry.node.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** One HttpApi on an ephemeral loopback port over an in-memory registry; closes everything it started. */
final class SingleNode implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final InMemoryRegistry registry = new InMemoryRegistry("solo", System::currentTimeMillis);
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpApi api;
    final URI base;

    SingleNode(HttpConfig config) throws Exception {
        api = new HttpApi(vertx, registry, meters, config);
        try {
            base = URI.create("http://127.0.0.1:" + api.start().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        api.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
