package dev.registry.client.balance;

import java.util.Arrays;
import java.util.List;

/**
 * The weights of one endpoint list, prepared once per list: cumulative weights for weighted
 * random and a smooth interleaved order for weighted round robin. Endpoints of weight 0 are left
 * out; if every weight is 0 all endpoints count as equal, so a misconfigured service still gets
 * traffic rather than none. Immutable.
 */
final class WeightTable {

    /** Longest smooth schedule built; beyond it round robin walks the cumulative table instead. */
    static final int MAX_SCHEDULE = 1 << 16;

    final List<Endpoint> source;
    /** cumulative[i] = sum of weights of endpoints 0..i. */
    final long[] cumulative;
    final long total;
    /** Endpoint indexes in smooth weighted round-robin order, or null when too long. */
    final int[] schedule;

    private WeightTable(List<Endpoint> source, long[] cumulative, long total, int[] schedule) {
        this.source = source;
        this.cumulative = cumulative;
        this.total = total;
        this.schedule = schedule;
    }

    static WeightTable of(List<Endpoint> endpoints) {
        int size = endpoints.size();
        long[] weights = new long[size];
        long sum = 0;
        for (int i = 0; i < size; i++) {
            weights[i] = Math.max(0, endpoints.get(i).weight());
            sum += weights[i];
        }
        if (sum == 0) {
            Arrays.fill(weights, 1);
            sum = size;
        }
        long[] cumulative = new long[size];
        long running = 0;
        long gcd = 0;
        for (int i = 0; i < size; i++) {
            running += weights[i];
            cumulative[i] = running;
            gcd = gcd(gcd, weights[i]);
        }
        int[] schedule = null;
        if (size > 0 && sum / gcd <= MAX_SCHEDULE) {
            schedule = smoothSchedule(weights, gcd, (int) (sum / gcd));
        }
        return new WeightTable(endpoints, cumulative, sum, schedule);
    }

    /** Index of the endpoint owning position {@code point} in [0, total). */
    int indexOf(long point) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > point) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Nginx's smooth weighted round robin: each step every endpoint gains its weight, the richest
     * is chosen and pays the total. Over one cycle each endpoint appears exactly weight/gcd times,
     * interleaved rather than in bursts.
     */
    private static int[] smoothSchedule(long[] weights, long gcd, int length) {
        int size = weights.length;
        long[] reduced = new long[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            reduced[i] = weights[i] / gcd;
            total += reduced[i];
        }
        long[] current = new long[size];
        int[] order = new int[length];
        for (int step = 0; step < length; step++) {
            int best = -1;
            for (int i = 0; i < size; i++) {
                if (reduced[i] == 0) {
                    continue;
                }
                current[i] += reduced[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[step] = best;
        }
        return order;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
