package dev.registry.node.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.ServiceSummary;
import dev.registry.merge.Replica;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Published snapshots are layered over an older list and merged lazily: checked against the state
 * itself after random registrations, status changes and deregistrations published at random points,
 * and every snapshot handed out earlier must still read as it was published (immutability).
 */
class PublishedViewsTest {

    @Test
    void layeredSnapshotsAlwaysEqualTheStateAndNeverChangeOnceHandedOut() {
        for (long seed = 1; seed <= 40; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        Replica replica = new Replica("n1");
        PublishedViews views = new PublishedViews();
        List<ServiceSnapshot> handedOut = new ArrayList<>();
        List<List<InstanceView>> asPublished = new ArrayList<>();
        int ids = 1 + random.nextInt(seed % 4 == 0 ? 2_000 : 150);
        long now = 1_700_000_000_000L;
        for (int step = 0; step < 3_000; step++) {
            InstanceKey key = new InstanceKey("svc", "i-" + random.nextInt(ids));
            int dice = random.nextInt(10);
            OpPayload payload = dice < 5
                    ? new OpPayload.Register(new Registration("10.0.0.1", 80, 100, "z", List.of(), Map.of(), 30, null),
                    InstanceStatus.UP, "n1")
                    : dice < 7 ? new OpPayload.SetStatus(random.nextBoolean() ? InstanceStatus.UP : InstanceStatus.DOWN)
                    : new OpPayload.Deregister();
            replica.write(key, payload, now += 1 + random.nextInt(3));
            views.applied(replica.lastResult());
            if (random.nextInt(1 + random.nextInt(20)) == 0) {
                views.publish(replica.state());
                ServiceSnapshot snapshot = views.service("svc");
                List<InstanceView> expected = replica.state().instances("svc").stream().map(InstanceState::view)
                        .sorted(java.util.Comparator.comparing(InstanceView::id)).toList();
                String where = "seed " + seed + " step " + step;
                if (random.nextBoolean()) {
                    assertEquals(expected, snapshot.instances(), where);
                }
                handedOut.add(snapshot);
                asPublished.add(expected);
                int healthy = (int) expected.stream().filter(InstanceView::healthy).count();
                assertEquals(expected.size(), snapshot.size(), where);
                assertEquals(healthy, snapshot.healthy(), where);
                ServiceSummary summary = views.summaries().stream().filter(s -> s.name().equals("svc")).findFirst()
                        .orElse(null);
                if (expected.isEmpty()) {
                    assertEquals(null, summary, where);
                } else {
                    assertEquals(new ServiceSummary("svc", expected.size(), healthy, snapshot.index()), summary, where);
                }
            }
        }
        for (int i = 0; i < handedOut.size(); i++) {
            assertEquals(asPublished.get(i), handedOut.get(i).instances(), "seed " + seed + " snapshot " + i);
        }
    }
}
