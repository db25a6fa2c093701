package io.aimux.dashboard;

import java.util.Arrays;

/** Nearest-rank percentiles of a small sample, in milliseconds from nanoseconds. */
public final class Percentiles {

    private Percentiles() {}

    /**
     * The {@code q}-quantile (0 &lt; q &le; 1) of the first {@code n} values, which must be sorted;
     * null when there are none.
     */
    public static Double ofSorted(long[] sorted, int n, double q) {
        if (n <= 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * n);
        return millis(sorted[Math.min(n, Math.max(1, rank)) - 1]);
    }

    /** Sorts a copy of the first {@code n} values. */
    public static long[] sorted(long[] values, int n) {
        long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy;
    }

    /** Nanoseconds as milliseconds, rounded to a microsecond. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
