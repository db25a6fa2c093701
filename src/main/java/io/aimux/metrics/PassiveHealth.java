package io.aimux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health of each provider as its real requests show it: an exponentially weighted error rate and
 * upstream latency (each new request weighs {@link #ALPHA}). Client mistakes and cancellations
 * say nothing about the upstream and are left out.
 */
public final class PassiveHealth {

    static final double ALPHA = 0.2;

    /** One provider's weighted averages; NaN until its first request. */
    public static final class Stats {
        private double errorRate = Double.NaN;
        private double latencySeconds = Double.NaN;

        synchronized void add(boolean failed, double seconds) {
            errorRate = Double.isNaN(errorRate) ? (failed ? 1 : 0) : errorRate + ALPHA * ((failed ? 1 : 0) - errorRate);
            if (seconds > 0) {
                latencySeconds = Double.isNaN(latencySeconds) ? seconds : latencySeconds + ALPHA * (seconds - latencySeconds);
            }
        }

        public synchronized double errorRate() {
            return errorRate;
        }

        public synchronized double latencySeconds() {
            return latencySeconds;
        }
    }

    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    /** Counts a finished request of a configured provider (the caller bounds the names). */
    void add(String provider, UsageRecord record) {
        boolean failed = record.outcome().equals("upstream_error") || record.outcome().equals("timeout");
        if (failed || record.outcome().equals("completed")) {
            add(provider, failed, record.upstreamNanos());
        }
    }

    /** Counts one call of a configured provider. */
    void add(String provider, boolean failed, long upstreamNanos) {
        stats.computeIfAbsent(provider, p -> new Stats()).add(failed, upstreamNanos / 1e9);
    }

    Stats stats(String provider) {
        return stats.computeIfAbsent(provider, p -> new Stats());
    }

    public Map<String, Stats> all() {
        return Map.copyOf(stats);
    }
}
