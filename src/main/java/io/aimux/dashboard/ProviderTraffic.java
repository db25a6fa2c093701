package io.aimux.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider's recent requests for the dashboard: a count since start, and over the last
 * {@link #WINDOW} answers that say something about the upstream (completed, upstream error,
 * timeout) the error rate, latency and time to first token.
 */
public final class ProviderTraffic {

    static final int WINDOW = 512;

    private long requests;
    private final boolean[] failed = new boolean[WINDOW];
    private long judged;
    private final SampleWindow latency = new SampleWindow(WINDOW);
    private final SampleWindow ttft = new SampleWindow(WINDOW);

    /**
     * @param judged whether the outcome says anything about the upstream (client mistakes and cancellations do not)
     * @param latencyNanos the request's latency when it completed, else below 0
     * @param ttftNanos the time to its first answer byte, or below 0
     */
    public void add(boolean judged, boolean failedUpstream, long latencyNanos, long ttftNanos) {
        synchronized (this) {
            requests++;
            if (judged) {
                failed[(int) (this.judged++ % WINDOW)] = failedUpstream;
            }
        }
        if (latencyNanos >= 0) {
            latency.add(latencyNanos);
        }
        if (ttftNanos > 0) {
            ttft.add(ttftNanos);
        }
    }

    public synchronized long requests() {
        return requests;
    }

    /** The share of failed answers in the window, null before the first. */
    public synchronized Double errorRate() {
        int n = (int) Math.min(judged, WINDOW);
        if (n == 0) {
            return null;
        }
        int failures = 0;
        for (int i = 0; i < n; i++) {
            failures += failed[i] ? 1 : 0;
        }
        return Math.round(failures * 10_000.0 / n) / 10_000.0;
    }

    public Map<String, Double> latencyMs() {
        return latency.p50p95();
    }

    public Map<String, Double> ttftMs() {
        return ttft.p50p95();
    }

}
