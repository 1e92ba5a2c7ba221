package dev.registry.node.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers routes written as HTTP-API.md writes them ({@code /v1/services/{service}/instances}) as
 * anchored regular expressions, and remembers them so that a 405 can say which methods a path allows.
 * Regexes rather than Vert.x's {@code :param} templates because {@code /v1/instances:batch} has a colon.
 * Filled before the server starts, read-only afterwards.
 */
final class RouteTable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private final Router router;
    private final List<Entry> entries = new ArrayList<>();

    RouteTable(Router router) {
        this.router = router;
    }

    /** {@code before} run first (e.g. a body reader) when not null; the template becomes the metric label. */
    void add(HttpMethod method, String template, Handler<RoutingContext> before, Handler<RoutingContext> handler) {
        Pattern regex = toRegex(template);
        entries.add(new Entry(method, regex));
        var route = router.routeWithRegex(method, regex.pattern()).handler(ctx -> {
            ctx.put(RequestMetrics.ROUTE_KEY, template);
            ctx.next();
        });
        if (before != null) {
            route.handler(before);
        }
        route.handler(handler);
    }

    /** The methods some route accepts for this path, for the Allow header of a 405. */
    String allowed(String path) {
        TreeSet<String> methods = new TreeSet<>();
        for (Entry e : entries) {
            if (path != null && e.regex.matcher(path).matches()) {
                methods.add(e.method.name());
            }
        }
        return String.join(", ", methods);
    }

    static Pattern toRegex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("(?<").append(m.group(1)).append(">[^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex + "/?");
    }

    private record Entry(HttpMethod method, Pattern regex) {
    }
}
