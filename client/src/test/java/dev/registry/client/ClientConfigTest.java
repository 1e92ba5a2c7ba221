package dev.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    @Test
    void profiles_are_valid_and_differ_in_timings() {
        List<String> seeds = List.of("127.0.0.1:8080");
        assertEquals(Duration.ofSeconds(1), ClientConfig.lan(seeds).requestTimeout());
        assertEquals(Duration.ofMillis(500), ClientConfig.local(seeds).requestTimeout());
        assertEquals(Duration.ofMillis(500), ClientConfig.test(seeds).requestTimeout());
        assertNull(ClientConfig.lan(seeds).withZone("").zone());
    }

    @Test
    void bad_seeds_and_durations_are_refused_with_the_field_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.lan(List.of("no-port")));
        assertEquals("seeds: 'no-port' is not host:port", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.lan(List.of()));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.lan(List.of("h:1")).withTimings(Duration.ZERO, Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        assertEquals("connectTimeout must be positive", d.getMessage());
    }

    @Test
    void an_invalid_registration_is_refused_before_any_network_call() throws Exception {
        try (RegistryClient client = RegistryClient.builder(ClientConfig.test(List.of("127.0.0.1:1"))).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.register(new dev.registry.api.RegistrationRequest("Bad Name", "i", "h", 1, null, null,
                            null, null, null, null, null)));
            assertEquals(true, e.getMessage().contains("service"), e.getMessage());
        }
    }
}
