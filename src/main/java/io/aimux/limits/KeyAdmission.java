package io.aimux.limits;

import io.aimux.state.CounterStore;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a client key's limits answered one request: admitted or refused, what the rate-limit
 * headers say, and what must be given back or corrected when the request ends (its concurrency
 * slot, its token estimate). {@link RateLimiter#settle} acts on it exactly once.
 */
public final class KeyAdmission {

    /** One rate window as the headers report it; {@code limit} 0 = not limited. */
    public record Rate(long limit, long used, long resetAtMillis) {
        static final Rate NONE = new Rate(0, 0, 0);

        public long remaining() {
            return Math.max(0, limit - used);
        }
    }

    /** A key without limits: nothing to check, report or give back. */
    public static final KeyAdmission UNLIMITED = new KeyAdmission(null, KeyLimits.UNLIMITED, null, Rate.NONE, Rate.NONE, 0,
            null, 0, null, false);

    final String keyId;
    final KeyLimits limits;
    private final LimitRefusal refusal;
    private final Rate requests;
    private final Rate tokens;
    private final long at;
    final String tokenCounter;
    final long tokensCharged;
    final CounterStore.Slot slot;
    /** Limits were checked (false when the store was down and limits were waived). */
    final boolean enforced;
    private final AtomicBoolean settled = new AtomicBoolean();

    KeyAdmission(String keyId, KeyLimits limits, LimitRefusal refusal, Rate requests, Rate tokens, long at,
            String tokenCounter, long tokensCharged, CounterStore.Slot slot, boolean enforced) {
        this.keyId = keyId;
        this.limits = limits;
        this.refusal = refusal;
        this.requests = requests;
        this.tokens = tokens;
        this.at = at;
        this.tokenCounter = tokenCounter;
        this.tokensCharged = tokensCharged;
        this.slot = slot;
        this.enforced = enforced;
    }

    public boolean admitted() {
        return refusal == null;
    }

    /** Why it was refused, or null. */
    public LimitRefusal refusal() {
        return refusal;
    }

    public Rate requests() {
        return requests;
    }

    public Rate tokens() {
        return tokens;
    }

    /** When the decision was made, in epoch milliseconds (the base of relative reset times). */
    public long at() {
        return at;
    }

    /** The concurrency slot held, or null. */
    public CounterStore.Slot slot() {
        return slot;
    }

    /** True the first time only: whatever settles the admission does it once. */
    boolean claimSettlement() {
        return this != UNLIMITED && settled.compareAndSet(false, true);
    }
}
