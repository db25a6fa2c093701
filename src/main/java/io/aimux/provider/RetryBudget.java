package io.aimux.provider;

/**
 * Retries one provider may take: at most {@code ratio} of its calls in the current ten-second
 * window, plus {@link #FLOOR}, so retries stay a bounded share of the load and a provider in
 * trouble is not flooded by them (the "retry storm"). Thread-safe; windows roll over lazily.
 */
final class RetryBudget {

    static final long WINDOW_NANOS = 10_000_000_000L;
    /** Retries always allowed per window, so a quiet provider can still retry. */
    static final int FLOOR = 10;

    private final double ratio;
    private long windowStart = System.nanoTime();
    private long calls;
    private long retries;

    RetryBudget(double ratio) {
        this.ratio = ratio;
    }

    synchronized void call() {
        roll();
        calls++;
    }

    /** Takes one retry from the budget; false when it is spent. */
    synchronized boolean tryRetry() {
        roll();
        if (retries >= FLOOR + (long) (ratio * calls)) {
            return false;
        }
        retries++;
        return true;
    }

    private void roll() {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            calls = 0;
            retries = 0;
        }
    }
}
