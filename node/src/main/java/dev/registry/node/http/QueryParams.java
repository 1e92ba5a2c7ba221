package dev.registry.node.http;

import dev.registry.api.ApiHeaders;
import dev.registry.api.FieldError;
import dev.registry.node.registry.RegistryService.Acks;
import dev.registry.node.registry.RegistryService.WriteTerms;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the query parameters shared by several routes. Each parser appends a {@link FieldError}
 * naming the parameter on bad input and returns a harmless default, so a handler collects every
 * mistake and answers one 400. Pure apart from reading the request.
 */
final class QueryParams {
    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. At most 9 digits. */
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");
    /** Epoch milliseconds: 15 digits reach the year 33658, and no long overflows. */
    private static final Pattern DEADLINE = Pattern.compile("[1-9][0-9]{0,14}");

    private QueryParams() {
    }

    /** The one value of a single-valued parameter, or null when absent. Repeating it is an error. */
    static String single(RoutingContext ctx, String name, List<FieldError> errors) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given at most once"));
        }
        return values.get(0);
    }

    static Acks acks(RoutingContext ctx, List<FieldError> errors) {
        String value = single(ctx, "acks", errors);
        if (value == null || value.equals("1")) {
            return Acks.ONE;
        }
        if (value.equals("2")) {
            return Acks.TWO;
        }
        errors.add(new FieldError("acks", "must be 1 or 2 (got '" + JsonCodec.printable(clip(value)) + "')"));
        return Acks.ONE;
    }

    /**
     * A write's terms: {@code ?acks=} and the {@code X-Registry-Deadline} header (epoch milliseconds,
     * a positive long of at most 15 digits), each reported under its own name when malformed.
     */
    static WriteTerms writeTerms(RoutingContext ctx, List<FieldError> errors) {
        Acks acks = acks(ctx, errors);
        List<String> values = ctx.request().headers().getAll(ApiHeaders.DEADLINE);
        if (values.isEmpty()) {
            return WriteTerms.of(acks);
        }
        String value = values.get(0).trim();
        if (values.size() > 1) {
            errors.add(new FieldError(ApiHeaders.DEADLINE, "must be given at most once"));
        } else if (!DEADLINE.matcher(value).matches()) {
            errors.add(new FieldError(ApiHeaders.DEADLINE, "must be epoch milliseconds, a positive integer (got '"
                    + JsonCodec.printable(clip(value)) + "')"));
        } else {
            return new WriteTerms(acks, Long.parseLong(value));
        }
        return WriteTerms.of(acks);
    }

    /** {@code ?index=}: a non-negative long, or empty when absent. */
    static Optional<Long> index(RoutingContext ctx, List<FieldError> errors) {
        String value = single(ctx, "index", errors);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long index = Long.parseLong(value);
            if (index >= 0) {
                return Optional.of(index);
            }
        } catch (NumberFormatException ignored) {
            // reported below, as every other bad value
        }
        errors.add(new FieldError("index", "must be a non-negative integer (got '"
                + JsonCodec.printable(clip(value)) + "')"));
        return Optional.empty();
    }

    /** {@code ?wait=}: clamped to {@code max}; {@code fallback} when absent. */
    static Duration waitFor(RoutingContext ctx, Duration fallback, Duration max, List<FieldError> errors) {
        String value = single(ctx, "wait", errors);
        if (value == null) {
            return fallback;
        }
        Optional<Duration> parsed = parseDuration(value);
        if (parsed.isEmpty()) {
            errors.add(new FieldError("wait", "must be a duration such as 500ms, 30s or 2m (got '"
                    + JsonCodec.printable(clip(value)) + "')"));
            return fallback;
        }
        return parsed.get().compareTo(max) > 0 ? max : parsed.get();
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        });
    }

    /** {@code true}/{@code false} (or empty, meaning true, as in {@code ?healthy}). */
    static boolean flag(RoutingContext ctx, String name, List<FieldError> errors) {
        String value = single(ctx, name, errors);
        if (value == null) {
            return false;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1")) {
            return true;
        }
        if (value.equalsIgnoreCase("false") || value.equals("0")) {
            return false;
        }
        errors.add(new FieldError(name, "must be true or false (got '" + JsonCodec.printable(clip(value)) + "')"));
        return false;
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
