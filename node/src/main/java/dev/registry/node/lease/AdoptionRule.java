package dev.registry.node.lease;

import dev.registry.model.InstanceKey;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Rule L3: when Raft membership declares an owner gone, each of its leases goes to the live member
 * with the highest rendezvous hash of (key, member). Every survivor computes the same answer from the
 * same membership view without talking to the others, and a member joining or leaving moves only the
 * leases it wins or loses.
 */
public final class AdoptionRule {

    private AdoptionRule() {
    }

    /** The member that adopts {@code key}, or null when there is no live member. */
    public static String adopterOf(InstanceKey key, Collection<String> liveMembers) {
        String best = null;
        long bestScore = 0;
        for (String member : liveMembers) {
            long score = score(key, member);
            if (best == null || Long.compareUnsigned(score, bestScore) > 0
                    || score == bestScore && member.compareTo(best) < 0) {
                best = member;
                bestScore = score;
            }
        }
        return best;
    }

    /** FNV-1a over key and member, finished with a 64-bit mixer: stable across JVMs and versions. */
    static long score(InstanceKey key, String member) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, key.service());
        h = fnv(h ^ 0x1f, key.id());
        h = fnv(h ^ 0x2f, member);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long fnv(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
