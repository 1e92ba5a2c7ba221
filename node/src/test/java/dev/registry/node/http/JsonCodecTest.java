package dev.registry.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.Health;
import dev.registry.api.RegistrationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The strict JSON codec: wrong types name their field, hostile input is a BadJsonException and nothing else. */
class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec();

    private String fieldOf(String json) {
        JsonCodec.BadJsonException e = assertThrows(JsonCodec.BadJsonException.class, () ->
                codec.bind(codec.readTree(json.getBytes(StandardCharsets.UTF_8)), RegistrationRequest.class, ""));
        return e.error().field();
    }

    @Test
    void wrongTypesNameTheirField() {
        assertEquals("port", fieldOf("{\"host\":\"h\",\"port\":\"80\"}"));
        assertEquals("port", fieldOf("{\"host\":\"h\",\"port\":1.5}"));
        assertEquals("host", fieldOf("{\"host\":80,\"port\":80}"));
        assertEquals("tags[1]", fieldOf("{\"tags\":[\"a\",7]}"));
        assertEquals("metadata.k", fieldOf("{\"metadata\":{\"k\":{}}}"));
        assertEquals("check.type", fieldOf("{\"check\":{\"type\":\"UDP\"}}"));
        assertEquals("check.intervalMillis", fieldOf("{\"check\":{\"type\":\"TCP\",\"intervalMillis\":\"x\"}}"));
    }

    @Test
    void malformedDeepOrTrailingJsonIsABodyError() {
        for (String bad : List.of("{", "{\"a\":1} x", "[".repeat(100), "{\"a\":" + "9".repeat(100) + "}", "")) {
            JsonCodec.BadJsonException e = assertThrows(JsonCodec.BadJsonException.class,
                    () -> codec.readTree(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertEquals("body", e.error().field(), bad);
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndRecordsRoundTrip() throws Exception {
        RegistrationRequest r = codec.bind(codec.readTree(
                "{\"host\":\"h\",\"port\":80,\"extra\":{\"deep\":[1]}}".getBytes(StandardCharsets.UTF_8)),
                RegistrationRequest.class, "");
        assertEquals(80, r.port());
        InstanceView v = new InstanceView("s", "i", "h", 1, 100, "z", List.of("t"), Map.of("k", "v"),
                InstanceStatus.UP, Health.PASSING, 30, "n1", 1, 2);
        JsonNode json = TestHttp.MAPPER.readTree(codec.write(v));
        assertEquals("UP", json.path("status").asText());
        assertTrue(!json.has("healthy"), "only the record's components are rendered");
    }

    @Property(tries = 2000)
    void anyBytesAreEitherJsonOrABadJsonException(@ForAll byte[] body) {
        try {
            JsonNode node = codec.readTree(body);
            if (node.isObject()) {
                codec.bind(node, RegistrationRequest.class, "");
            }
        } catch (JsonCodec.BadJsonException expected) {
            assertTrue(expected.error().message().length() < 400, "bounded message");
        }
    }

    @Test
    void waitDurationsParseWithUnitsAndRejectTheRest() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), QueryParams.parseDuration("30s"));
        assertEquals(Optional.of(Duration.ofMillis(500)), QueryParams.parseDuration("500ms"));
        assertEquals(Optional.of(Duration.ofMinutes(2)), QueryParams.parseDuration("2m"));
        assertEquals(Optional.of(Duration.ofSeconds(7)), QueryParams.parseDuration("7"));
        for (String bad : List.of("", "s", "-1s", "1.5s", "10x", "9999999999s", "1s2", " 1s")) {
            assertEquals(Optional.empty(), QueryParams.parseDuration(bad), bad);
        }
    }
}
