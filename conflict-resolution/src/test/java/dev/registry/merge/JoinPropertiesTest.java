package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.fixture.Workloads;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.oplog.OpKind;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariants I3 and I4 over thousands of generated operation sets (README C2, C3, C12, C13, C14).
 * Each case is derived from one {@code long} seed; jqwik prints it on failure, and so do the messages.
 */
class JoinPropertiesTest {

    private static RegistryState applyAll(List<Operation> ops) {
        RegistryState state = new RegistryState();
        ops.forEach(state::apply);
        return state;
    }

    @Property(tries = 3_000)
    void c2_anyPermutationWithDuplicatesYieldsEqualStateAndDigest(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.operations(random, 1 + random.nextInt(4), 1 + random.nextInt(6), 25);
        RegistryState reference = applyAll(ops);
        for (int round = 0; round < 3; round++) {
            RegistryState other = applyAll(Workloads.shuffledWithDuplicates(random, ops, 0.3));
            assertEquals(reference.exportKeys(), other.exportKeys(), "seed=" + seed);
            assertEquals(reference.digest(), other.digest(), "seed=" + seed);
            assertEquals(reference.size(), other.size(), "seed=" + seed);
            assertEquals(reference.instances("orders"), other.instances("orders"), "seed=" + seed);
            assertEquals(reference.services(), other.services(), "seed=" + seed);
        }
    }

    @Property(tries = 2_000)
    void c2_theDigestIsTheSumOfVisibleKeysWhateverTheHistory(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.operations(random, 3, 5, 20);
        RegistryState incremental = applyAll(Workloads.shuffledWithDuplicates(random, ops, 0.2));
        // Rebuilt from its visible keys only: the incremental sum must not remember anything else.
        RegistryState rebuilt = RegistryState.restore(
                incremental.exportKeys().stream().filter(KeyRecord::visible).toList());
        assertEquals(incremental.digest(), rebuilt.digest(), "seed=" + seed);
    }

    /** C14: lists of queried services are patched on every change and always equal a fresh rebuild and a scan. */
    @Property(tries = 1_000)
    void c14_patchedServiceListsEqualAFreshRebuild(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.shuffledWithDuplicates(random, Workloads.operations(random, 3, 8, 25), 0.2);
        RegistryState state = new RegistryState();
        List<List<InstanceState>> handedOut = new ArrayList<>();
        List<List<InstanceState>> copies = new ArrayList<>();
        for (Operation op : ops) {
            state.apply(op);
            if (random.nextInt(3) == 0) {
                List<InstanceState> list = state.instances(op.key().service());
                handedOut.add(list);
                copies.add(List.copyOf(list));
            }
        }
        RegistryState rebuilt = RegistryState.restore(state.exportKeys());
        for (String service : List.of("orders", "payments")) {
            // A bulk scan (before any query of the rebuilt state keeps a sorted list) holds the same instances.
            List<InstanceState> scanned = new ArrayList<>(rebuilt.scanInstances(service));
            scanned.sort(java.util.Comparator.comparing(i -> i.key().id()));
            assertEquals(state.instances(service), scanned, "seed=" + seed + " scan of " + service);
            assertEquals(rebuilt.instances(service), state.instances(service), "seed=" + seed + " " + service);
            assertEquals(state.instanceCount(service), state.instances(service).size(), "seed=" + seed);
        }
        assertEquals(copies, handedOut, "seed=" + seed + " a list handed out never changes");
    }

    /** I3: a DEREGISTER or EXPIRE not followed (in stamp order) by a REGISTER leaves the key dead. */
    @Property(tries = 3_000)
    void c3_noResurrectionAfterADeregistration(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.operations(random, 3, 4, 20);
        RegistryState state = applyAll(Workloads.shuffledWithDuplicates(random, ops, 0.3));
        Map<InstanceKey, Stamp> lastTombstone = new HashMap<>();
        Map<InstanceKey, Stamp> lastRegister = new HashMap<>();
        for (Operation op : ops) {
            Map<InstanceKey, Stamp> target = op.kind() == OpKind.REGISTER ? lastRegister
                    : op.kind() == OpKind.DEREGISTER || op.kind() == OpKind.EXPIRE ? lastTombstone : null;
            if (target != null) {
                target.merge(op.key(), op.stamp(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        for (Map.Entry<InstanceKey, Stamp> e : lastTombstone.entrySet()) {
            Stamp register = lastRegister.get(e.getKey());
            boolean revived = register != null && register.isAfter(e.getValue());
            assertEquals(revived, state.get(e.getKey()).isPresent(), "seed=" + seed + " key " + e.getKey());
        }
    }

    /** C12: collection removes only invisible keys entirely below the bound and never changes what is visible. */
    @Property(tries = 2_000)
    void c12_collectionNeverDropsATombstoneAtOrAboveTheBound(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.operations(random, 3, 6, 20);
        RegistryState state = applyAll(ops);
        List<KeyRecord> before = state.exportKeys();
        long digest = state.digest();
        Hlc bound = new Hlc(1_000 + random.nextInt(60), random.nextInt(3));
        int collected = state.collectTombstones(bound);
        List<KeyRecord> expected = new ArrayList<>();
        for (KeyRecord record : before) {
            if (record.visible() || !newestBelow(record, bound)) {
                expected.add(record);
            }
        }
        assertEquals(expected, state.exportKeys(), "seed=" + seed);
        assertEquals(before.size() - expected.size(), collected, "seed=" + seed);
        assertEquals(digest, state.digest(), "seed=" + seed);
        assertEquals(before.stream().filter(r -> !r.visible()).count() - collected, state.tombstones());
    }

    private static boolean newestBelow(KeyRecord r, Hlc bound) {
        for (Stamp s : new Stamp[] {r.registrationStamp(), r.statusStamp(), r.healthStamp(), r.ownerStamp(),
                r.livenessStamp()}) {
            if (s != null && !s.hlc().isBefore(bound)) {
                return false;
            }
        }
        return true;
    }

    /** C13: a snapshot then any further operations equals applying everything; merging snapshots is a join. */
    @Property(tries = 1_500)
    void c13_restoreThenReapplyEqualsApplyingEverything(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> ops = Workloads.shuffledWithDuplicates(random, Workloads.operations(random, 3, 5, 20), 0.2);
        int cut = ops.isEmpty() ? 0 : random.nextInt(ops.size() + 1);
        RegistryState first = applyAll(ops.subList(0, cut));
        RegistryState restored = RegistryState.restore(first.exportKeys());
        assertEquals(first.digest(), restored.digest(), "seed=" + seed);
        ops.subList(cut, ops.size()).forEach(restored::apply);
        RegistryState all = applyAll(ops);
        assertEquals(all.exportKeys(), restored.exportKeys(), "seed=" + seed);
        assertEquals(all.digest(), restored.digest(), "seed=" + seed);

        RegistryState left = applyAll(ops.subList(0, cut));
        RegistryState right = applyAll(ops.subList(cut, ops.size()));
        right.exportKeys().forEach(left::merge);
        assertEquals(all.exportKeys(), left.exportKeys(), "seed=" + seed);
        assertEquals(all.digest(), left.digest(), "seed=" + seed);
        assertFalse(left.size() > left.exportKeys().size());
        assertTrue(left.index() >= 0);
    }
}
