package dev.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static RegistrationRequest valid() {
        return new RegistrationRequest(null, null, "10.0.0.7", 8080, 50, "eu-1a", List.of("v2", "canary"),
                Map.of("version", "1.4.2"), "UP", 30, HealthCheckSpec.http("/health", 5_000));
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteRegistrationIsValid() {
        assertEquals(List.of(), Validation.registration("orders", "orders-1", valid()));
    }

    @Test
    void eachViolationNamesItsField() {
        Map<String, String> hugeMetadata = new HashMap<>();
        IntStream.range(0, 40).forEach(i -> hugeMetadata.put("k" + i, "v"));
        RegistrationRequest bad = new RegistrationRequest(null, null, "", 70_000, -1, "bad zone",
                IntStream.range(0, 40).mapToObj(i -> "t" + i).toList(), hugeMetadata, "SLEEPING", 0, null);
        List<String> fields = fields(Validation.registration("Bad Name", "", bad));
        assertEquals(List.of("service", "id", "host", "port", "weight", "zone", "tags", "metadata", "status",
                "ttlSeconds"), fields);
    }

    @Test
    void aMissingBodyIsNamed() {
        assertEquals(List.of("body"), fields(Validation.registration("orders", "o-1", null)));
    }

    @Test
    void serviceNamesAreDnsLike() {
        assertTrue(Validation.serviceName("service", "payments.v2-eu").isEmpty());
        assertEquals(1, Validation.serviceName("service", "-starts-with-dash").size());
        assertEquals(1, Validation.serviceName("service", "a".repeat(65)).size());
        assertEquals(1, Validation.serviceName("service", "../etc/passwd").size());
    }

    @Test
    void badValuesAreEchoedShortAndPrintable() {
        String echoed = Validation.printable("\u0000\u0001" + "x".repeat(100));
        assertTrue(echoed.length() <= 43, echoed);
        assertTrue(echoed.startsWith("??x"), echoed);
    }

    @Test
    void maintenanceIsAnAliasOfOutOfService() {
        assertEquals(InstanceStatus.OUT_OF_SERVICE, InstanceStatus.parse("maintenance").orElseThrow());
        assertTrue(InstanceStatus.parse("SLEEPING").isEmpty());
    }

    @Test
    void healthChecksAreBounded() {
        RegistrationRequest r = new RegistrationRequest(null, null, "h", 1, null, null, null, null, null, null,
                new HealthCheckSpec(HealthCheckSpec.Type.HTTP, "no-slash", 999, 10, 5, 0, 11));
        assertEquals(List.of("check.path", "check.expectStatus", "check.intervalMillis", "check.timeoutMillis",
                "check.healthyThreshold", "check.unhealthyThreshold"), fields(Validation.registration("s", "i", r)));
    }
}
