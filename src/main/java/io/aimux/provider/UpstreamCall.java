package io.aimux.provider;

import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One guarded upstream call, attempts and backoffs included. Cancelling it stops every attempt:
 * the one in flight is reset (its subscription reaches the provider's request), and none is
 * started after, even when a retry was waiting. The guard's own subscription does not pass
 * cancellation through to the provider, which is why this handle exists.
 */
public final class UpstreamCall {

    private volatile boolean cancelled;
    private volatile UniSubscription attempt;
    private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    /** Hears of each attempt (traces); null when nobody listens, which is the default. */
    private final Attempts listener;

    /** Hears of each attempt of a call: its number among the call's attempts, and how it ended. */
    public interface Attempts {
        /** Returns a handle given back to {@link #ended}. */
        Object started(int number);

        void ended(Object handle, Throwable failure, boolean cancelled);
    }

    public UpstreamCall() {
        this(null);
    }

    public UpstreamCall(Attempts listener) {
        this.listener = listener;
    }

    Attempts listener() {
        return listener;
    }

    /** Upstream calls made so far, retries included. */
    public int attempts() {
        return attempts.get();
    }

    public void cancel() {
        cancelled = true;
        UniSubscription current = attempt;
        if (current != null) {
            current.cancel();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    void attempt(UniSubscription subscription) {
        attempts.incrementAndGet();
        attempt = subscription;
        if (cancelled) {
            subscription.cancel();
        }
    }
}
