package io.aimux.dashboard;

/**
 * The last {@code capacity} values of a measurement (nanoseconds), overwritten oldest first.
 * Adding costs no allocation; reading copies and sorts, once per snapshot.
 */
public final class SampleWindow {

    private final long[] values;
    private long added;

    public SampleWindow(int capacity) {
        this.values = new long[capacity];
    }

    public synchronized void add(long value) {
        values[(int) (added++ % values.length)] = value;
    }

    /** The values held, sorted ascending. */
    public synchronized long[] sorted() {
        return Percentiles.sorted(values, (int) Math.min(added, values.length));
    }

    /** {@code {"p50", "p95"}} in milliseconds, null values before the first sample. */
    public java.util.Map<String, Double> p50p95() {
        long[] sorted = sorted();
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        out.put("p50", Percentiles.ofSorted(sorted, sorted.length, 0.50));
        out.put("p95", Percentiles.ofSorted(sorted, sorted.length, 0.95));
        return out;
    }
}
