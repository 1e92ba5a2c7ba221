package dev.registry.client.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.registry.api.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<String> seen = new ArrayList<>();
    private final SseParser parser = new SseParser((event, data) -> seen.add(event + "|" + data));

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void named_events_dispatch_on_the_blank_line() {
        feed("event: registered", "data: {\"a\":1}");
        assertEquals(List.of(), seen);
        feed("");
        assertEquals(List.of("registered|{\"a\":1}"), seen);
    }

    @Test
    void multi_line_data_is_joined_comments_and_ids_are_ignored() {
        feed(": keep-alive", "", "id: 7", "retry: 100", "data:first", "data: second", "");
        assertEquals(List.of("message|first\nsecond"), seen);
    }

    @Test
    void an_event_without_data_is_not_dispatched_and_names_do_not_leak_into_the_next() {
        feed("event: updated", "", "data: x", "");
        assertEquals(List.of("message|x"), seen);
    }

    @Test
    void the_codec_reads_watch_events_and_both_instance_list_shapes() throws Exception {
        WireCodec codec = new WireCodec();
        String instance = "{\"service\":\"s\",\"id\":\"i\",\"host\":\"h\",\"port\":1,\"weight\":100,\"status\":\"UP\","
                + "\"health\":\"PASSING\",\"future\":true}";
        WatchEvent event = codec.watchEvent("{\"type\":\"DEREGISTERED\",\"instance\":" + instance + ",\"index\":9}");
        assertEquals(WatchEvent.Type.DEREGISTERED, event.type());
        assertEquals(9, event.index());
        assertEquals("i", event.instance().id());
        assertEquals(1, codec.instances(("[" + instance + "]").getBytes()).size());
        assertEquals(1, codec.instances(("{\"service\":\"s\",\"index\":3,\"instances\":[" + instance + "]}").getBytes())
                .size());
    }
}
