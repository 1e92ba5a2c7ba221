package dev.registry.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's local failure-detector bookkeeping over the agreed record: since when each member has
 * been unreachable, which are SUSPECTED, and which are due to be proposed GONE.
 *
 * <p>Pure: fed the reachable set and {@code nowMillis}; confined to its owner's single thread.
 * Rules: M1 a live member unreachable for {@code goneAfter} is due GONE; M2 a LEAVING member that is
 * unreachable is due GONE at once (it said goodbye); M3 a member seen again is no longer suspected.
 */
public final class Suspicions {
    private final String localId;
    private final Duration goneAfter;
    private final Map<String, Long> unreachableSince = new HashMap<>();
    private final Map<String, Long> lastSeen = new HashMap<>();

    public Suspicions(String localId, Duration goneAfter) {
        this.localId = localId;
        this.goneAfter = goneAfter;
    }

    /** Records one observation of who is reachable now (the local member is always reachable). */
    public void observe(MembershipRecord record, Set<String> reachable, long nowMillis) {
        for (Member m : record.members().values()) {
            String id = m.id();
            if (id.equals(localId) || reachable.contains(id)) {
                unreachableSince.remove(id);
                lastSeen.put(id, nowMillis);
            } else if (m.state() != MemberState.GONE) {
                unreachableSince.putIfAbsent(id, nowMillis);
            } else {
                unreachableSince.remove(id);
            }
        }
        unreachableSince.keySet().retainAll(record.members().keySet());
    }

    public Set<String> suspected() {
        return Set.copyOf(unreachableSince.keySet());
    }

    public Map<String, Long> lastSeen() {
        return Map.copyOf(lastSeen);
    }

    /** Members to propose GONE now (M1, M2), in id order. */
    public List<String> dueGone(MembershipRecord record, long nowMillis) {
        List<String> due = new ArrayList<>();
        for (Member m : record.members().values()) {
            Long since = unreachableSince.get(m.id());
            if (since == null || m.state() == MemberState.GONE) {
                continue;
            }
            if (m.state() == MemberState.LEAVING || nowMillis - since >= goneAfter.toMillis()) {
                due.add(m.id());
            }
        }
        return due;
    }
}
