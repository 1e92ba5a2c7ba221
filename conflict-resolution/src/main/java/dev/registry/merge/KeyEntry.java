package dev.registry.merge;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Stamp;

/**
 * All registers of one key, each a last-writer-wins register holding the value written by the
 * greatest stamp seen. One object per key, stamps as packed HLC longs plus interned origins, so
 * a million keys stay compact (about 100 bytes here). A null origin means "never written".
 * Mutated only by {@link RegistryState} on its owner's thread.
 */
final class KeyEntry {

    final InstanceKey key;
    Registration registration;
    long regHlc;
    Origin regOrigin;
    /** Digest hash of (key, registration), recomputed only when the registration changes. */
    long regHash;
    InstanceStatus status;
    long statusHlc;
    Origin statusOrigin;
    Health health;
    long healthHlc;
    Origin healthOrigin;
    Origin owner;
    long ownerHlc;
    Origin ownerOrigin;
    Liveness liveness;
    long liveHlc;
    Origin liveOrigin;
    /** Position in RegistryState's list of invisible keys, or -1 while visible (or not yet listed). */
    int invisibleSlot = -1;

    KeyEntry(InstanceKey key) {
        this.key = key;
    }

    /** True if (hlc, origin) is greater than the register's current stamp (absent = smallest). */
    static boolean wins(long hlc, Origin origin, long curHlc, Origin curOrigin) {
        if (curOrigin == null) {
            return true;
        }
        if (hlc != curHlc) {
            return hlc > curHlc;
        }
        return origin != curOrigin && origin.name.compareTo(curOrigin.name) > 0;
    }

    boolean visible() {
        return liveness == Liveness.ALIVE && registration != null;
    }

    /** Applies one operation's payload; returns true if it won at least one register. */
    boolean apply(OpPayload payload, long hlc, Origin origin, Origin ownerArg) {
        boolean won = false;
        switch (payload.kind()) {
            case REGISTER -> {
                OpPayload.Register r = (OpPayload.Register) payload;
                won = setRegistration(r.registration(), hlc, origin);
                won |= setStatus(r.status(), hlc, origin);
                won |= setHealth(Health.PASSING, hlc, origin);
                won |= setOwner(ownerArg, hlc, origin);
                won |= setLiveness(Liveness.ALIVE, hlc, origin);
            }
            case UPDATE -> won = setRegistration(((OpPayload.Update) payload).registration(), hlc, origin);
            case SET_STATUS -> won = setStatus(((OpPayload.SetStatus) payload).status(), hlc, origin);
            case SET_HEALTH -> won = setHealth(((OpPayload.SetHealth) payload).health(), hlc, origin);
            case ADOPT -> won = setOwner(ownerArg, hlc, origin);
            case DEREGISTER -> won = setLiveness(Liveness.DEREGISTERED, hlc, origin);
            case EXPIRE -> won = setLiveness(Liveness.EXPIRED, hlc, origin);
        }
        return won;
    }

    boolean setRegistration(Registration value, long hlc, Origin origin) {
        if (!wins(hlc, origin, regHlc, regOrigin)) {
            return false;
        }
        if (value != registration) {
            regHash = Hash64.of(key, value);
        }
        registration = value;
        regHlc = hlc;
        regOrigin = origin;
        return true;
    }

    boolean setStatus(InstanceStatus value, long hlc, Origin origin) {
        if (!wins(hlc, origin, statusHlc, statusOrigin)) {
            return false;
        }
        status = value;
        statusHlc = hlc;
        statusOrigin = origin;
        return true;
    }

    boolean setHealth(Health value, long hlc, Origin origin) {
        if (!wins(hlc, origin, healthHlc, healthOrigin)) {
            return false;
        }
        health = value;
        healthHlc = hlc;
        healthOrigin = origin;
        return true;
    }

    boolean setOwner(Origin value, long hlc, Origin origin) {
        if (!wins(hlc, origin, ownerHlc, ownerOrigin)) {
            return false;
        }
        owner = value;
        ownerHlc = hlc;
        ownerOrigin = origin;
        return true;
    }

    boolean setLiveness(Liveness value, long hlc, Origin origin) {
        if (!wins(hlc, origin, liveHlc, liveOrigin)) {
            return false;
        }
        liveness = value;
        liveHlc = hlc;
        liveOrigin = origin;
        return true;
    }

    /** The greatest HLC (packed) over all written registers; 0 if none. */
    long newestHlc() {
        long newest = 0;
        if (regOrigin != null) {
            newest = regHlc;
        }
        if (statusOrigin != null) {
            newest = Math.max(newest, statusHlc);
        }
        if (healthOrigin != null) {
            newest = Math.max(newest, healthHlc);
        }
        if (ownerOrigin != null) {
            newest = Math.max(newest, ownerHlc);
        }
        if (liveOrigin != null) {
            newest = Math.max(newest, liveHlc);
        }
        return newest;
    }

    /**
     * This key's contribution to the digest; only meaningful while visible. When visible, every
     * register has been written (a REGISTER writes all of them), so no null checks are needed.
     */
    long digestHash() {
        long h = Hash64.mix(regHash, regHlc);
        h = Hash64.mix(h, regOrigin.hash);
        h = Hash64.mix(h, ((long) status.ordinal() << 8) | health.ordinal());
        h = Hash64.mix(h, statusHlc);
        h = Hash64.mix(h, statusOrigin.hash);
        h = Hash64.mix(h, healthHlc);
        h = Hash64.mix(h, healthOrigin.hash);
        h = Hash64.mix(h, owner.hash);
        h = Hash64.mix(h, ownerHlc);
        h = Hash64.mix(h, ownerOrigin.hash);
        h = Hash64.mix(h, liveHlc);
        return Hash64.fmix(Hash64.mix(h, liveOrigin.hash));
    }

    /** The visible instance; call only when {@link #visible()}. */
    InstanceState view() {
        long newest = newestHlc();
        // Registers written by the same operation share one Stamp object (after a REGISTER, all five).
        Stamp live = Stamp.of(liveHlc, liveOrigin.name);
        Stamp reg = shared(regHlc, regOrigin, live, null);
        Stamp stat = shared(statusHlc, statusOrigin, live, reg);
        Stamp heal = shared(healthHlc, healthOrigin, live, stat);
        Stamp own = shared(ownerHlc, ownerOrigin, live, heal);
        return new InstanceState(key, registration, status, health, owner.name,
                liveHlc >>> 16, newest >>> 16, reg, stat, heal, own, live);
    }

    private static Stamp shared(long hlc, Origin origin, Stamp a, Stamp b) {
        if (a != null && a.origin() == origin.name && a.hlc().pack() == hlc) {
            return a;
        }
        if (b != null && b.origin() == origin.name && b.hlc().pack() == hlc) {
            return b;
        }
        return Stamp.of(hlc, origin.name);
    }

    KeyRecord record() {
        return new KeyRecord(key,
                registration, stamp(regHlc, regOrigin),
                status, stamp(statusHlc, statusOrigin),
                health, stamp(healthHlc, healthOrigin),
                owner == null ? null : owner.name, stamp(ownerHlc, ownerOrigin),
                liveness, stamp(liveHlc, liveOrigin));
    }

    private static Stamp stamp(long hlc, Origin origin) {
        return origin == null ? null : Stamp.of(hlc, origin.name);
    }
}
