package dev.registry.merge;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver's rules, one scenario each (README C1, C3-C8, C14). */
class ResolverRulesTest {

    private static final InstanceKey KEY = new InstanceKey("orders", "i-1");
    private static final Registration REG_A = Registration.of("10.0.0.1", 8080);
    private static final Registration REG_B = new Registration("10.0.0.2", 9090, 5, "eu-1", List.of("canary"),
            Map.of("version", "2"), 10, null);

    private static Operation op(String origin, long seq, long wall, OpPayload payload) {
        return new Operation(origin, seq, new Hlc(wall, 0), KEY, payload);
    }

    private static OpPayload.Register register(Registration r) {
        return new OpPayload.Register(r, InstanceStatus.UP, "n1");
    }

    @Test
    void c1_theGreatestStampWinsAndTiesBreakByOrigin() {
        RegistryState state = new RegistryState();
        state.apply(op("n1", 1, 100, register(REG_A)));
        state.apply(op("n2", 1, 100, new OpPayload.Update(REG_B)));
        assertEquals(REG_B, state.get(KEY).orElseThrow().registration(), "same HLC: origin n2 > n1 wins");
        ApplyResult older = state.apply(op("n3", 1, 99, new OpPayload.Update(REG_A)));
        assertEquals(ApplyResult.Change.NONE, older.change());
        assertEquals(REG_B, state.get(KEY).orElseThrow().registration());
    }

    @Test
    void c3_aTombstoneBeatsAnOlderRegistration() {
        RegistryState state = new RegistryState();
        ApplyResult dereg = state.apply(op("n2", 1, 200, new OpPayload.Deregister()));
        assertEquals(ApplyResult.Change.NONE, dereg.change());
        ApplyResult reg = state.apply(op("n1", 1, 100, register(REG_A)));
        assertEquals(ApplyResult.Change.NONE, reg.change(), "the late, older REGISTER stays dead");
        assertTrue(state.get(KEY).isEmpty());
        assertEquals(1, state.tombstones());
        assertEquals(0, state.digest());
    }

    @Test
    void c4_aLaterRegisterRevives() {
        RegistryState state = new RegistryState();
        state.apply(op("n1", 1, 100, register(REG_A)));
        ApplyResult expired = state.apply(op("n2", 1, 200, new OpPayload.Expire()));
        assertEquals(ApplyResult.Change.EXPIRED, expired.change());
        assertNull(expired.after());
        assertEquals(REG_A, expired.before().registration());
        ApplyResult revived = state.apply(op("n1", 2, 300, register(REG_B)));
        assertEquals(ApplyResult.Change.REGISTERED, revived.change());
        assertEquals(300, revived.after().registeredAt());
        assertEquals(0, state.tombstones());
    }

    @Test
    void c5_updatesStatusHealthAndAdoptNeverRevive() {
        RegistryState state = new RegistryState();
        state.apply(op("n1", 1, 100, register(REG_A)));
        state.apply(op("n1", 2, 200, new OpPayload.Deregister()));
        long seq = 1;
        for (OpPayload p : List.of(new OpPayload.Update(REG_B), new OpPayload.SetStatus(InstanceStatus.UP),
                new OpPayload.SetHealth(Health.PASSING), new OpPayload.Adopt("n9"))) {
            assertEquals(ApplyResult.Change.NONE, state.apply(op("n2", seq, 300 + seq, p)).change());
            seq++;
        }
        assertTrue(state.get(KEY).isEmpty());
        assertEquals(REG_B, state.record(KEY).orElseThrow().registration(), "the register still moved");
    }

    @Test
    void c6_registerWritesEveryRegisterAndResetsHealth() {
        RegistryState state = new RegistryState();
        state.apply(op("n1", 1, 100, register(REG_A)));
        state.apply(op("n1", 2, 110, new OpPayload.SetHealth(Health.CRITICAL)));
        state.apply(op("n1", 3, 120, new OpPayload.SetStatus(InstanceStatus.DOWN)));
        state.apply(op("n1", 4, 130, new OpPayload.Adopt("n7")));
        InstanceState before = state.get(KEY).orElseThrow();
        assertEquals(Health.CRITICAL, before.health());
        assertEquals("n7", before.owner());
        ApplyResult again = state.apply(op("n2", 1, 140, new OpPayload.Register(REG_B, InstanceStatus.STARTING, "n2")));
        assertEquals(ApplyResult.Change.UPDATED, again.change());
        InstanceState after = again.after();
        assertEquals(REG_B, after.registration());
        assertEquals(InstanceStatus.STARTING, after.status());
        assertEquals(Health.PASSING, after.health());
        assertEquals("n2", after.owner());
        assertEquals(140, after.registeredAt());
        assertEquals(140, after.updatedAt());
    }

    @Test
    void c7_partialStateIsKeptSoALateRegisterResolvesCorrectly() {
        RegistryState state = new RegistryState();
        state.apply(op("n2", 1, 200, new OpPayload.SetStatus(InstanceStatus.OUT_OF_SERVICE)));
        state.apply(op("n2", 2, 210, new OpPayload.Update(REG_B)));
        assertTrue(state.get(KEY).isEmpty());
        assertEquals(1, state.tombstones());
        ApplyResult reg = state.apply(op("n1", 1, 100, register(REG_A)));
        assertEquals(ApplyResult.Change.REGISTERED, reg.change());
        assertEquals(InstanceStatus.OUT_OF_SERVICE, reg.after().status(), "the newer SET_STATUS wins");
        assertEquals(REG_B, reg.after().registration(), "the newer UPDATE wins");
        assertEquals(100, reg.after().registeredAt());
        assertEquals(210, reg.after().updatedAt());
    }

    @Test
    void c8_digestCoversExactlyTheVisibleKeys() {
        RegistryState a = new RegistryState();
        RegistryState b = new RegistryState();
        a.apply(op("n1", 1, 100, register(REG_A)));
        b.apply(op("n1", 1, 100, register(REG_A)));
        assertEquals(a.digest(), b.digest());
        a.apply(op("n1", 2, 150, new OpPayload.SetHealth(Health.WARNING)));
        assertNotEquals(a.digest(), b.digest());
        b.apply(op("n1", 2, 150, new OpPayload.SetHealth(Health.WARNING)));
        assertEquals(a.digest(), b.digest());
        a.apply(op("n1", 3, 200, new OpPayload.Deregister()));
        assertEquals(0, a.digest());
        RegistryState empty = new RegistryState();
        empty.apply(new Operation("n1", 1, new Hlc(5, 0), new InstanceKey("x", "y"), new OpPayload.Expire()));
        assertEquals(0, empty.digest(), "a partial key is not visible");
    }

    @Test
    void c14_indexesMoveOnlyOnVisibleChanges() {
        RegistryState state = new RegistryState();
        InstanceKey other = new InstanceKey("payments", "p-1");
        state.apply(op("n1", 1, 100, register(REG_A)));
        assertEquals(1, state.index());
        assertEquals(1, state.serviceIndex("orders"));
        state.apply(new Operation("n1", 2, new Hlc(110, 0), other, register(REG_A)));
        assertEquals(2, state.index());
        assertEquals(1, state.serviceIndex("orders"));
        assertEquals(2, state.serviceIndex("payments"));
        ApplyResult dup = state.apply(op("n1", 1, 100, register(REG_A)));
        assertEquals(ApplyResult.Change.NONE, dup.change());
        assertEquals(1, dup.serviceIndex());
        assertEquals(2, state.index(), "a duplicate changes nothing");
        state.apply(op("n1", 3, 120, new OpPayload.Deregister()));
        assertEquals(3, state.serviceIndex("orders"));
        assertEquals(0, state.serviceIndex("unknown"));
        assertEquals(List.of("payments"), List.copyOf(state.services()));
        state.collectTombstones(new Hlc(1_000, 0));
        assertEquals(3, state.serviceIndex("orders"), "collection never resets a service index");
    }

    @Test
    void instancesAreSortedByIdAndCachedUntilTheServiceChanges() {
        RegistryState state = new RegistryState();
        long seq = 1;
        for (String id : List.of("c", "a", "b")) {
            state.apply(new Operation("n1", seq, new Hlc(100 + seq, 0), new InstanceKey("orders", id),
                    register(REG_A)));
            seq++;
        }
        List<InstanceState> first = state.instances("orders");
        assertEquals(List.of("a", "b", "c"), first.stream().map(s -> s.key().id()).toList());
        assertTrue(first == state.instances("orders"), "unchanged service: the cached list");
        state.apply(new Operation("n1", seq, new Hlc(200, 0), new InstanceKey("orders", "b"), new OpPayload.Deregister()));
        assertEquals(List.of("a", "c"), state.instances("orders").stream().map(s -> s.key().id()).toList());
        assertEquals(2, state.size());
        assertEquals(2, state.instanceCount("orders"));
        assertFalse(state.instances("nothing").iterator().hasNext());
    }
}
