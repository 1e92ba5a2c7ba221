package dev.registry.node.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin console: a fixed set of small static files from the classpath folder {@code ui/}, read once
 * in {@link #load} (off the event loop, at start) and served from memory. A fixed set, not a file
 * handler, so no request path can reach any other resource.
 */
final class ConsoleAssets {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** Blocking: reads the files. Called by HttpApi.start() on the caller's thread. */
    void load() {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("ui/" + file.getKey())) {
                if (in == null) {
                    throw new IllegalStateException("console file ui/" + file.getKey() + " is missing from the jar");
                }
                assets.put(file.getKey(), new Asset(file.getValue(), Buffer.buffer(in.readAllBytes())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code GET /ui/{file}}; {@code /ui/} is index.html. Unknown names fall through to the 404. */
    void serve(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        Asset asset = assets.get(name == null || name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(asset.body);
    }

    private record Asset(String contentType, Buffer body) {
    }
}
