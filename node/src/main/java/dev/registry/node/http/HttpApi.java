package dev.registry.node.http;

import dev.registry.api.Limits;
import dev.registry.node.registry.RegistryService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one node (HTTP-API.md): wires routes to handlers over a {@link RegistryService}.
 * The constructor wires; {@link #start()} binds; {@link #close()} ends watches and unbinds.
 * Handlers run on the server's event loop and never block it.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Vertx vertx;
    private final RegistryService registry;
    private final MeterRegistry meters;
    private final HttpConfig config;
    private final Replies replies = new Replies(new JsonCodec());
    private final DiscoveryCache cache;
    private final WatchRoute watch;
    private final ConsoleAssets console = new ConsoleAssets();
    private final RequestMetrics metrics;
    private final WriteHandlers writes;
    private final DiscoveryHandlers reads;
    private final OpsHandlers ops;
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private volatile int boundPort = -1;

    public HttpApi(Vertx vertx, RegistryService registry, MeterRegistry meters, HttpConfig config) {
        this.vertx = vertx;
        this.registry = registry;
        this.meters = meters;
        this.config = config;
        this.cache = new DiscoveryCache(config.cacheEntries(), meters);
        this.watch = new WatchRoute(registry, replies, config, meters);
        this.metrics = new RequestMetrics(meters);
        this.writes = new WriteHandlers(registry, replies);
        this.reads = new DiscoveryHandlers(registry, replies, cache, config, meters);
        this.ops = new OpsHandlers(registry, replies, meters);
    }

    /**
     * Binds {@code config.eventLoops()} server instances, each a verticle on its own event loop, sharing one
     * port (Vert.x spreads connections over them). Completes with the bound port. Reads the console files
     * first, so it may block briefly.
     */
    public CompletableFuture<Integer> start() {
        console.load();
        // Vert.x shares a fixed port between servers of one Vertx; port 0 it never shares, but a negative
        // port means "an ephemeral port shared by every server given this same negative number". The number
        // only has to be unique among this Vertx's HttpApis, hence the identity hash.
        int port = config.port() != 0 ? config.port() : -1 - (System.identityHashCode(this) & 0x3fff_ffff);
        List<Future<Integer>> instances = new ArrayList<>();
        for (int i = 0; i < config.eventLoops(); i++) {
            instances.add(deploy(port));
        }
        return Future.all(instances).compose(all -> {
            int bound = instances.get(0).result();
            boolean shared = instances.stream().allMatch(f -> f.result() == bound);
            return shared ? Future.succeededFuture(bound)
                    : Future.<Integer>failedFuture(new IllegalStateException("server instances bound different ports"));
        }).onSuccess(bound -> boundPort = bound)
                .toCompletionStage().toCompletableFuture();
    }

    private Future<Integer> deploy(int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxInitialLineLength(config.maxInitialLineBytes())
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true);
        ServerInstance instance = new ServerInstance(options, buildRouter());
        return vertx.deployVerticle(instance).map(id -> {
            deployments.add(id);
            return instance.port;
        });
    }

    /** The bound port, once started. */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("not started");
        }
        return boundPort;
    }

    public DiscoveryCache cache() {
        return cache;
    }

    /** Open watch connections; each holds one registry subscription. */
    public int openWatches() {
        return watch.openCount();
    }

    /** Ends every watch and unbinds. Waits up to 5 s for the unbind unless called on a Vert.x thread. */
    @Override
    public void close() {
        watch.closeAll();
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        deployments.clear();
        CompletableFuture<?> closed = Future.join(undeployed).toCompletionStage().toCompletableFuture();
        if (!Context.isOnVertxThread()) {
            try {
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("HTTP server did not close cleanly", e);
            }
        }
    }

    /** One HTTP server on its verticle's event loop; undeploying it closes the server and its connections. */
    private static final class ServerInstance extends AbstractVerticle {
        private final HttpServerOptions options;
        private final Router router;
        private volatile int port;

        ServerInstance(HttpServerOptions options, Router router) {
            this.options = options;
            this.router = router;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(options).requestHandler(router).listen().onComplete(ar -> {
                if (ar.succeeded()) {
                    port = ar.result().actualPort();
                    started.complete();
                } else {
                    started.fail(ar.cause());
                }
            });
        }
    }

    private Router buildRouter() {
        Router router = Router.router(vertx);
        router.route().handler(metrics::handle);
        router.route().handler(this::decodeQuery);
        RouteTable routes = new RouteTable(router);
        Handler<RoutingContext> jsonBody = jsonBodyReader();

        routes.add(HttpMethod.GET, "/v1/services", null, reads::services);
        routes.add(HttpMethod.GET, "/v1/services/{service}/instances", null, reads::instances);
        routes.add(HttpMethod.PUT, "/v1/services/{service}/instances/{id}", jsonBody, writes::register);
        routes.add(HttpMethod.DELETE, "/v1/services/{service}/instances/{id}", null, writes::deregister);
        routes.add(HttpMethod.PUT, "/v1/services/{service}/instances/{id}/heartbeat", null, writes::heartbeat);
        routes.add(HttpMethod.PUT, "/v1/services/{service}/instances/{id}/status", jsonBody, writes::status);
        routes.add(HttpMethod.POST, "/v1/instances:batch", jsonBody, writes::batch);
        routes.add(HttpMethod.GET, "/v1/watch", null, watch::handle);
        routes.add(HttpMethod.GET, "/v1/instances/{service}/{id}/history", null, reads::history);
        routes.add(HttpMethod.GET, "/v1/cluster/members", null, ops::members);
        routes.add(HttpMethod.GET, "/v1/cluster/status", null, ops::status);
        routes.add(HttpMethod.GET, "/health", null, ops::health);
        routes.add(HttpMethod.GET, "/ready", null, ops::ready);
        routes.add(HttpMethod.GET, "/metrics", null, ops::metrics);
        routes.add(HttpMethod.GET, "/ui/{file}", null, console::serve);
        routes.add(HttpMethod.GET, "/ui", null, ctx -> {
            if (ctx.request().path().endsWith("/")) {
                console.serve(ctx);
            } else {
                ctx.redirect("/ui/");
            }
        });
        routes.add(HttpMethod.GET, "/", null, ctx -> ctx.redirect("/ui/"));

        Handler<RoutingContext> errors = ctx -> failure(ctx, routes);
        for (int status : new int[] {400, 404, 405, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, errors);
        }
        router.route().failureHandler(errors);
        return router;
    }

    /**
     * Gate of the routes that take a JSON body: refuses a declared non-JSON content type (415) before
     * anything is read, then reads at most {@link Limits#BODY_MAX_BYTES} (more: 413).
     */
    private Handler<RoutingContext> jsonBodyReader() {
        // Sized from Content-Length (a registration is a few hundred bytes), not a 1 KB default per request.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(Limits.BODY_MAX_BYTES).setPreallocateBodyBuffer(true);
        return ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && !isJson(type)) {
                replies.error(ctx, 415, "unsupported_media_type",
                        "Content-Type must be application/json (got '" + JsonCodec.printable(type) + "')");
                return;
            }
            body.handle(ctx);
        };
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    /**
     * Decodes the query string once, up front: Vert.x decodes it lazily and throws on a bad escape
     * ({@code ?tag=%}), which would otherwise surface from whichever handler reads a parameter first.
     */
    private void decodeQuery(RoutingContext ctx) {
        try {
            ctx.queryParams();
        } catch (RuntimeException e) {
            replies.error(ctx, 400, "invalid_request", "query: malformed percent-encoding");
            return;
        }
        ctx.next();
    }

    /** The request path for messages: normalized when it can be, raw otherwise (normalizing can throw). */
    private static String safePath(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (RuntimeException e) {
            return ctx.request().path();
        }
    }

    /** A path with a bad escape ({@code /%}, {@code %ZZ}) cannot even be routed; Vert.x reports it as a bare 500. */
    private static boolean hasMalformedPath(RoutingContext ctx) {
        try {
            ctx.normalizedPath();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Failures raised while the request itself is read (bad chunk framing, a malformed escape, a connection
     * closed mid-body) are the caller's, not the node's: they answer 400 (when the connection still exists).
     */
    private static boolean isUnreadableRequest(Throwable failure) {
        return failure instanceof io.netty.handler.codec.DecoderException
                || failure instanceof io.netty.handler.codec.TooLongFrameException
                || failure instanceof NumberFormatException
                || failure instanceof IllegalArgumentException
                || failure instanceof io.vertx.core.http.HttpClosedException;
    }

    /** Maps every unmatched or failed request to the JSON error shape. Only a 500 is the node's own fault. */
    private void failure(RoutingContext ctx, RouteTable routes) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status < 400) {
            status = isUnreadableRequest(failure) ? 400 : 500;
        }
        if (status == 500 && failure == null && hasMalformedPath(ctx)) {
            replies.error(ctx, 400, "invalid_request", "path: malformed percent-encoding");
            return;
        }
        String method = ctx.request().method().name();
        String rawPath = safePath(ctx);
        String path = JsonCodec.printable(rawPath);
        switch (status) {
            case 404 -> replies.notFound(ctx, "no such resource: " + method + " " + path);
            case 405 -> {
                ctx.response().putHeader(HttpHeaders.ALLOW, routes.allowed(rawPath));
                replies.error(ctx, 405, "method_not_allowed", method + " is not allowed on " + path);
            }
            case 413 -> replies.error(ctx, 413, "body_too_large", "body: larger than "
                    + Limits.BODY_MAX_BYTES + " bytes");
            case 400 -> replies.error(ctx, 400, "invalid_request", "the request cannot be read"
                    + (failure == null ? "" : ": " + JsonCodec.printable(failure.getMessage())));
            case 500 -> {
                LOG.warn("request {} {} failed", method, path, failure);
                replies.error(ctx, 500, "internal_error", "the node failed to answer this request");
            }
            default -> replies.error(ctx, status, status >= 500 ? "internal_error" : "invalid_request",
                    "the request was refused with status " + status);
        }
    }
}
