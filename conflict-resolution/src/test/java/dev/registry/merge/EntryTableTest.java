package dev.registry.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.registry.model.InstanceKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The open-addressing table of a service's keys behaves as a map by id, through growth and removals. */
class EntryTableTest {

    /**
     * Random adds and removes over a small universe of ids, some with equal hash codes ("Aa" and "BB" hash
     * alike, and so do strings built from them), checked against a HashMap after every step: size, every
     * lookup, and iteration.
     */
    @Property(tries = 500)
    void behavesAsAMapById(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> universe = new java.util.ArrayList<>();
        for (String a : List.of("Aa", "BB")) {
            for (String b : List.of("Aa", "BB")) {
                universe.add(a + b);
            }
        }
        for (int i = 0; i < 60; i++) {
            universe.add("i-" + i);
        }
        EntryTable table = new EntryTable();
        Map<String, KeyEntry> model = new HashMap<>();
        for (int step = 0; step < 400; step++) {
            String id = universe.get(random.nextInt(universe.size()));
            if (model.containsKey(id) || random.nextInt(3) == 0) {
                table.remove(id);
                model.remove(id);
            } else {
                KeyEntry entry = new KeyEntry(new InstanceKey("svc", id));
                table.add(entry);
                model.put(id, entry);
            }
            assertEquals(model.size(), table.size());
            for (String any : universe) {
                assertSame(model.get(any), table.get(any), any);
            }
            Set<KeyEntry> iterated = new HashSet<>();
            table.forEach(iterated::add);
            assertEquals(new HashSet<>(model.values()), iterated);
        }
    }

    @Test
    void growsPastManyThousandsAndEmptiesAgain() {
        EntryTable table = new EntryTable();
        for (int i = 0; i < 20_000; i++) {
            table.add(new KeyEntry(new InstanceKey("svc", "a-" + i)));
        }
        assertEquals(20_000, table.size());
        assertEquals("a-12345", table.get("a-12345").key.id());
        for (int i = 0; i < 20_000; i += 2) {
            table.remove("a-" + i);
        }
        assertEquals(10_000, table.size());
        assertNull(table.get("a-12344"));
        assertEquals("a-12345", table.get("a-12345").key.id());
        for (int i = 1; i < 20_000; i += 2) {
            table.remove("a-" + i);
        }
        assertEquals(0, table.size());
        assertEquals(false, table.iterator().hasNext());
    }
}
