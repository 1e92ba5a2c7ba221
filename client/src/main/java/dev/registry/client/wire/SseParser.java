package dev.registry.client.wire;

import java.util.function.BiConsumer;

/**
 * Parses a server-sent-event stream line by line (the WHATWG event-stream format): "event:" names
 * the event, "data:" lines are joined with newlines, a blank line dispatches, lines starting with
 * ':' are comments (keep-alives). Not thread-safe: one instance per stream, fed by one thread at a time.
 */
public final class SseParser {

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;

    /** @param onEvent receives (event name, data); the name is "message" when the server gave none */
    public SseParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    public void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // "id" and "retry" carry nothing for us: the watch has no resume token, the client
                // re-reads the full lists after reconnecting instead.
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            onEvent.accept(event == null ? "message" : event, data.toString());
        }
        data.setLength(0);
        hasData = false;
        event = null;
    }
}
