package dev.registry.clock;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule C9: the hybrid clock never goes backwards and always moves past what it witnessed. */
class HybridClockTest {

    @Test
    void c9_tickFollowsTheWallClockWhenItAdvances() {
        HybridClock clock = new HybridClock();
        assertEquals(new Hlc(1_000, 0), clock.tick(1_000));
        assertEquals(new Hlc(1_000, 1), clock.tick(1_000));
        assertEquals(new Hlc(1_000, 2), clock.tick(999));
        assertEquals(new Hlc(1_005, 0), clock.tick(1_005));
    }

    @Test
    void c9_witnessMovesPastTheRemoteAndThePrevious() {
        HybridClock clock = new HybridClock();
        clock.tick(1_000);
        assertEquals(new Hlc(2_000, 8), clock.witness(new Hlc(2_000, 7), 1_000));
        assertEquals(new Hlc(2_000, 9), clock.witness(new Hlc(1_500, 3), 1_000));
        assertEquals(new Hlc(3_000, 0), clock.witness(new Hlc(2_000, 3), 3_000));
    }

    @Test
    void c9_logicalOverflowAdvancesTheWallPartByOneMillisecond() {
        HybridClock clock = new HybridClock(60_000, new Hlc(5_000, Hlc.MAX_LOGICAL - 1));
        assertEquals(new Hlc(5_000, Hlc.MAX_LOGICAL), clock.tick(5_000));
        assertEquals(new Hlc(5_001, 0), clock.tick(5_000));
        assertEquals(new Hlc(5_001, 1), clock.witness(new Hlc(5_000, Hlc.MAX_LOGICAL), 4_000));
    }

    @Test
    void c9_aStampFarAheadIsWitnessedAndCounted() {
        HybridClock clock = new HybridClock(60_000, Hlc.ZERO);
        Hlc far = new Hlc(10_000_000, 0);
        Hlc local = clock.witness(far, 1_000);
        assertTrue(local.isAfter(far));
        assertEquals(1, clock.farAheadWitnessed());
        assertEquals(10_000_000 - 1_000, clock.maxDriftSeenMillis());
        clock.witness(new Hlc(30_000, 0), 1_000);
        assertEquals(1, clock.farAheadWitnessed(), "a stamp within the drift bound is not counted");
    }

    @Test
    void c9_packRoundTripsAndKeepsTheOrder() {
        Hlc a = new Hlc(Hlc.MAX_WALL_MILLIS, Hlc.MAX_LOGICAL);
        assertEquals(a, Hlc.unpack(a.pack()));
        assertTrue(new Hlc(7, 65_535).pack() < new Hlc(8, 0).pack());
        assertThrows(IllegalArgumentException.class, () -> new Hlc(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Hlc(0, 65_536));
    }

    /** Any interleaving of ticks and witnesses, under wall readings that jump anywhere, is strictly increasing. */
    @Property(tries = 2_000)
    void c9_neverGoesBackwards(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int steps,
                               @ForAll @LongRange(min = 1, max = 120_000) long maxDrift) {
        SplittableRandom random = new SplittableRandom(seed);
        HybridClock clock = new HybridClock(maxDrift);
        Hlc previous = clock.current();
        long wall = random.nextLong(0, 1L << 40);
        for (int i = 0; i < steps; i++) {
            wall = switch (random.nextInt(4)) {
                case 0 -> wall + random.nextInt(1_000);
                case 1 -> Math.max(0, wall - random.nextInt(100_000));
                case 2 -> wall;
                default -> random.nextLong(-1_000, 1L << 41);
            };
            Hlc next;
            if (random.nextBoolean()) {
                next = clock.tick(wall);
            } else {
                Hlc remote = new Hlc(Math.max(0, wall + random.nextLong(-200_000, 200_000)),
                        random.nextInt(Hlc.MAX_LOGICAL + 1));
                next = clock.witness(remote, wall);
                assertTrue(next.isAfter(remote), "seed=" + seed + " witness must pass the remote " + remote);
            }
            assertTrue(next.isAfter(previous), "seed=" + seed + " step " + i + ": " + next + " after " + previous);
            assertTrue(next.wallMillis() >= Math.min(wall, Hlc.MAX_WALL_MILLIS) || wall < 0,
                    "seed=" + seed + " the clock never lags the wall clock");
            assertEquals(next, clock.current());
            previous = next;
        }
    }
}
