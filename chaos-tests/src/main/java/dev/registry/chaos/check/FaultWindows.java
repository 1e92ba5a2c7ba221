package dev.registry.chaos.check;

import dev.registry.chaos.history.History;
import dev.registry.chaos.history.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * The intervals during which some fault was active, from the history's nemesis entries: an entry
 * whose description starts with {@code heal} ends every fault; any other entry starts (or
 * extends) one. Times are on the history's clock, in nanoseconds; an unhealed fault lasts forever.
 */
public final class FaultWindows {

    public record Window(long startNanos, long endNanos) {
    }

    private final List<Window> windows;

    public FaultWindows(History history) {
        List<Window> out = new ArrayList<>();
        long start = -1;
        for (Op n : history.nemesis()) {
            boolean heal = n.value() != null && n.value().startsWith("heal");
            if (heal && start >= 0) {
                out.add(new Window(start, n.timeNanos()));
                start = -1;
            } else if (!heal && start < 0) {
                start = n.timeNanos();
            }
        }
        if (start >= 0) {
            out.add(new Window(start, Long.MAX_VALUE));
        }
        this.windows = List.copyOf(out);
    }

    public List<Window> windows() {
        return windows;
    }

    /**
     * The earliest instant at or after {@code t} that begins a fault-free stretch of
     * {@code lengthNanos}; Long.MAX_VALUE when faults never leave such a stretch.
     */
    public long quietFrom(long t, long lengthNanos) {
        long candidate = t;
        for (Window w : windows) {
            if (w.endNanos() <= candidate) {
                continue;
            }
            if (w.startNanos() >= SetFullChecker.saturatedAdd(candidate, lengthNanos)) {
                return candidate;
            }
            candidate = w.endNanos();
            if (candidate == Long.MAX_VALUE) {
                return candidate;
            }
        }
        return candidate;
    }
}
