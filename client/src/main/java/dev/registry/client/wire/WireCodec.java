package dev.registry.client.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.registry.api.InstanceView;
import dev.registry.api.MemberList;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.WatchEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON of the HTTP API (HTTP-API.md) for the client. Unknown fields are ignored, as the contract
 * says, so a newer node can add fields without breaking older clients. Thread-safe.
 */
public final class WireCodec {

    private static final TypeReference<List<InstanceView>> INSTANCES = new TypeReference<>() {
    };

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** A list of instances: either a JSON array or an object whose {@code instances} field is one. */
    public List<InstanceView> instances(byte[] body) throws IOException {
        JsonNode root = mapper.readTree(body);
        JsonNode array = root.isArray() ? root : root.get("instances");
        if (array == null || !array.isArray()) {
            throw new IOException("instance list: expected a JSON array or an object with an 'instances' array");
        }
        return mapper.convertValue(array, INSTANCES);
    }

    public InstanceView instance(byte[] body) throws IOException {
        return mapper.readValue(body, InstanceView.class);
    }

    public MemberList members(byte[] body) throws IOException {
        return mapper.readValue(body, MemberList.class);
    }

    public WatchEvent watchEvent(String data) throws IOException {
        return mapper.readValue(data, WatchEvent.class);
    }

    public byte[] registration(RegistrationRequest request) {
        return write(request);
    }

    public byte[] status(String status) {
        return write(Map.of("status", status));
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our own records always serialise; failing here is a bug, not a runtime condition.
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
