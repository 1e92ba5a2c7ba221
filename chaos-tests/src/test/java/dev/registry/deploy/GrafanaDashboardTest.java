package dev.registry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard queries only metrics the node exposes (the names agreed with the node:
 * Micrometer's Prometheus names), covers every one of them, and is well-formed for Grafana.
 */
class GrafanaDashboardTest {

    /** Gauges and counters by their exported names. */
    private static final Set<String> SCALARS = Set.of("registry_instances", "registry_services",
            "registry_tombstones", "registry_cache_requests_total", "registry_gossip_lag_operations",
            "registry_lease_expiries_total", "registry_health_checks_total", "registry_raft_role",
            "registry_degraded", "registry_oplog_size");
    /** Histograms: queried through their _bucket, _count and _sum series. */
    private static final Set<String> HISTOGRAMS = Set.of("registry_http_requests_seconds", "registry_propagation_seconds");
    private static final Pattern METRIC = Pattern.compile("\\b(registry|jvm)_[a-z_]+");

    private static JsonNode dashboard;
    private static List<JsonNode> panels;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(
                Manifests.repositoryRoot().resolve("deploy/grafana/registry-dashboard.json").toFile());
        List<JsonNode> found = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            found.add(p);
            p.path("panels").forEach(found::add);
        });
        panels = List.copyOf(found);
    }

    @Test
    void queriesOnlyMetricsTheNodeExportsAndCoversAllOfThem() {
        Set<String> used = new HashSet<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    String name = m.group();
                    if (name.startsWith("jvm_")) {
                        continue;
                    }
                    String base = name.replaceFirst("_(bucket|count|sum)$", "");
                    if (HISTOGRAMS.contains(base)) {
                        used.add(base);
                    } else {
                        assertTrue(SCALARS.contains(name), panel.path("title").asText() + " queries unknown " + name);
                        used.add(name);
                    }
                }
            }
        }
        Set<String> all = new HashSet<>(SCALARS);
        all.addAll(HISTOGRAMS);
        assertEquals(all, used, "every node metric has a panel");
    }

    @Test
    void panelsAreWellFormed() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertFalse(title.isBlank());
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id in " + title);
            assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("y"), title);
            if (!panel.path("type").asText().equals("row")) {
                assertFalse(panel.path("targets").isEmpty(), title + " has no query");
                Set<String> refIds = new HashSet<>();
                panel.path("targets").forEach(t -> assertTrue(refIds.add(t.path("refId").asText()), title));
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
            }
        }
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertEquals(List.of("datasource", "namespace"), variables);
        assertFalse(dashboard.path("uid").asText().isBlank());
    }
}
