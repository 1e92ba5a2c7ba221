package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6902 behaviour the overlays rely on, including the failures kustomize also reports. */
class JsonPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode doc(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static JsonNode patch(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void addsReplacesAndRemovesInObjectsAndArrays() throws Exception {
        ObjectNode d = doc("{'a':{'b':1},'l':[1,2]}");
        JsonPatch.apply(d, patch("[{'op':'add','path':'/a/c','value':2},{'op':'replace','path':'/a/b','value':9},"
                + "{'op':'add','path':'/l/1','value':5},{'op':'add','path':'/l/-','value':7},"
                + "{'op':'remove','path':'/l/0'},{'op':'test','path':'/a/c','value':2}]"));
        assertEquals(doc("{'a':{'b':9,'c':2},'l':[5,2,7]}"), d);
    }

    @Test
    void unescapesPointerSegments() {
        assertEquals(List.of("metadata", "annotations", "prometheus.io/port", "a~b"),
                JsonPatch.pointer("/metadata/annotations/prometheus.io~1port/a~0b"));
    }

    @Test
    void refusesMissingPathsFailedTestsAndUnknownOps() throws Exception {
        ObjectNode d = doc("{'a':{'b':1},'l':[1]}");
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("[{'op':'remove','path':'/a/x'}]")));
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("[{'op':'replace','path':'/x/y','value':1}]")));
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("[{'op':'add','path':'/l/3','value':1}]")));
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("[{'op':'test','path':'/a/b','value':2}]")));
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("[{'op':'move','from':'/a','path':'/b'}]")));
        assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d, patch("{'op':'add','path':'/a','value':1}")));
        assertEquals(doc("{'a':{'b':1},'l':[1]}"), d, "a failed operation before any change leaves the document as it was");
    }
}
