package io.aimux.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Traffic over the last {@link #BUCKETS} buckets of {@link #STEP_SECONDS} seconds: a ring whose
 * slots are reused as time moves on, so memory is fixed. Each bucket keeps counts and up to
 * {@link #SAMPLES} latency and overhead samples (a uniform reservoir past that), from which its
 * median is read. Adding takes a short lock and allocates nothing.
 */
public final class TrafficSeries {

    public static final int BUCKETS = 60;
    public static final int STEP_SECONDS = 10;
    static final long STEP_MILLIS = STEP_SECONDS * 1000L;
    /** Samples kept per bucket and measurement. */
    static final int SAMPLES = 128;

    /** One bucket as the snapshot shows it; cost null when no prices are configured, medians null without samples. */
    public record Point(long t, long requests, long errors, long inputTokens, long outputTokens, Double costUsd,
            Double latencyP50Ms, Double overheadP50Ms) {}

    private static final class Bucket {
        long index = Long.MIN_VALUE; // which step of time it holds
        long requests;
        long errors;
        long inputTokens;
        long outputTokens;
        long costMicros;
        final Reservoir latency = new Reservoir();
        final Reservoir overhead = new Reservoir();

        void reset(long newIndex) {
            index = newIndex;
            requests = errors = inputTokens = outputTokens = costMicros = 0;
            latency.clear();
            overhead.clear();
        }
    }

    private static final class Reservoir {
        final long[] values = new long[SAMPLES];
        long seen;

        void clear() {
            seen = 0;
        }

        void add(long value) {
            if (seen < SAMPLES) {
                values[(int) seen] = value;
            } else {
                long slot = ThreadLocalRandom.current().nextLong(seen + 1);
                if (slot < SAMPLES) {
                    values[(int) slot] = value;
                }
            }
            seen++;
        }

        Double median() {
            int n = (int) Math.min(seen, SAMPLES);
            return Percentiles.ofSorted(Percentiles.sorted(values, n), n, 0.5);
        }
    }

    private final Bucket[] ring = new Bucket[BUCKETS];

    public TrafficSeries() {
        for (int i = 0; i < BUCKETS; i++) {
            ring[i] = new Bucket();
        }
    }

    /**
     * Counts one finished request at {@code epochMillis}. {@code latencyNanos} and
     * {@code overheadNanos} below 0 mean not measured; {@code costMicros} below 0 unpriced.
     */
    public synchronized void add(long epochMillis, boolean error, long inputTokens, long outputTokens, long costMicros,
            long latencyNanos, long overheadNanos) {
        long index = Math.floorDiv(epochMillis, STEP_MILLIS);
        Bucket bucket = ring[(int) Math.floorMod(index, BUCKETS)];
        if (bucket.index != index) {
            if (bucket.index > index) {
                return; // older than the window: its slot already holds newer time
            }
            bucket.reset(index);
        }
        bucket.requests++;
        bucket.errors += error ? 1 : 0;
        bucket.inputTokens += Math.max(0, inputTokens);
        bucket.outputTokens += Math.max(0, outputTokens);
        bucket.costMicros += Math.max(0, costMicros);
        if (latencyNanos >= 0) {
            bucket.latency.add(latencyNanos);
        }
        if (overheadNanos >= 0) {
            bucket.overhead.add(overheadNanos);
        }
    }

    /** The {@link #BUCKETS} buckets ending with the one holding {@code nowMillis}, oldest first, empty ones included. */
    public synchronized List<Point> points(long nowMillis, boolean priced) {
        long last = Math.floorDiv(nowMillis, STEP_MILLIS);
        List<Point> out = new ArrayList<>(BUCKETS);
        for (long index = last - BUCKETS + 1; index <= last; index++) {
            Bucket b = ring[(int) Math.floorMod(index, BUCKETS)];
            long t = index * STEP_MILLIS;
            if (b.index != index) {
                out.add(new Point(t, 0, 0, 0, 0, priced ? 0.0 : null, null, null));
            } else {
                out.add(new Point(t, b.requests, b.errors, b.inputTokens, b.outputTokens,
                        priced ? b.costMicros / 1e6 : null, b.latency.median(), b.overhead.median()));
            }
        }
        return out;
    }
}
