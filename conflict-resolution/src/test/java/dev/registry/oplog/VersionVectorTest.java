package dev.registry.oplog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version vectors form a lattice: merge is the join, min the meet (used by the frontier, rule C11). */
class VersionVectorTest {

    @Provide
    Arbitrary<VersionVector> vectors() {
        return Arbitraries.maps(Arbitraries.of("a", "b", "c", "d", "e"), Arbitraries.longs().between(0, 20))
                .ofMaxSize(5).map(VersionVector::of);
    }

    @Property(tries = 1_000)
    void mergeIsCommutativeAssociativeAndIdempotent(@ForAll("vectors") VersionVector a,
                                                    @ForAll("vectors") VersionVector b,
                                                    @ForAll("vectors") VersionVector c) {
        assertEquals(a.merge(b), b.merge(a));
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        assertEquals(a, a.merge(a));
        assertTrue(a.merge(b).dominates(a));
        assertTrue(a.merge(b).dominates(b));
    }

    @Property(tries = 1_000)
    void minIsTheMeet(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b,
                      @ForAll("vectors") VersionVector c) {
        assertEquals(a.min(b), b.min(a));
        assertEquals(a.min(b).min(c), a.min(b.min(c)));
        assertEquals(a, a.min(a));
        assertTrue(a.dominates(a.min(b)));
        assertEquals(a, a.merge(a.min(b)), "absorption");
        for (String origin : new String[] {"a", "b", "c", "d", "e"}) {
            assertEquals(Math.min(a.get(origin), b.get(origin)), a.min(b).get(origin));
            assertEquals(Math.max(a.get(origin), b.get(origin)), a.merge(b).get(origin));
        }
    }

    @Property(tries = 500)
    void withAndOfAgree(@ForAll("vectors") VersionVector a) {
        VersionVector rebuilt = VersionVector.EMPTY;
        for (Map.Entry<String, Long> e : a.asMap().entrySet()) {
            rebuilt = rebuilt.with(e.getKey(), e.getValue());
        }
        assertEquals(a, rebuilt);
        assertEquals(a.hashCode(), rebuilt.hashCode());
        assertEquals(a, VersionVector.of(a.asMap()));
    }

    @Test
    void absentCountsZeroAndZeroIsNotStored() {
        VersionVector v = VersionVector.of(Map.of("a", 3L, "b", 0L));
        assertEquals(0, v.get("b"));
        assertEquals(Map.of("a", 3L), v.asMap());
        assertEquals(VersionVector.EMPTY, v.with("a", 0));
        assertEquals(VersionVector.EMPTY, v.min(VersionVector.of(Map.of("b", 5L))));
        assertTrue(v.dominates(VersionVector.EMPTY));
        assertFalse(VersionVector.EMPTY.dominates(v));
        assertEquals(3, v.total());
    }
}
