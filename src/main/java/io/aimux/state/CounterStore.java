package io.aimux.state;

import io.vertx.core.Future;

import java.util.List;

/**
 * Windowed counters and concurrency slots that every replica sees alike. Each call is atomic: a
 * check-and-add either adds to every counter (and takes the slot) or changes nothing. Every
 * counter and slot set expires on its own, so nothing outlives its window, and a replica that
 * died without releasing its slots loses them after their expiry.
 *
 * <p>Futures fail when the store cannot be reached; callers decide what that means
 * ({@code state.on_unavailable}).
 */
public interface CounterStore {

    /**
     * One counter to check and add to.
     *
     * @param key      the counter's name within the store (no secrets: key ids, provider names, windows)
     * @param amount   what to add; may be negative when reconciling an estimate
     * @param limit    refuse when {@code current + max(amount, 1) > limit}, so a charge of 0 still asks
     *                 that something is left; 0 means no limit
     * @param ttlMillis how long the counter lives after this change (its window plus a margin)
     */
    record Counter(String key, long amount, long limit, long ttlMillis) {}

    /**
     * A concurrency slot: a set of holders, each expiring on its own after {@code ttlMillis}.
     *
     * @param id the holder (unique per request); taking and releasing the same id twice changes nothing
     */
    record Slot(String key, String id, int limit, long ttlMillis) {}

    /**
     * The result of {@link #admit}.
     *
     * @param refused    -1 when admitted; else the index of the first counter over its limit, or
     *                   {@code counters.size()} when the slot was full
     * @param values     each counter's value: after the addition when admitted, as it was when refused
     * @param slotsInUse holders of the slot set after the call (-1 without a slot)
     */
    record Decision(int refused, List<Long> values, int slotsInUse) {
        public boolean admitted() {
            return refused < 0;
        }
    }

    /** Checks every counter and the slot; when all have room, adds to all and takes the slot. */
    Future<Decision> admit(List<Counter> counters, Slot slot);

    /** Adds without any check (usage known after the fact, reconciling estimates). */
    default Future<Void> add(List<Counter> counters) {
        List<Counter> unchecked = counters.stream().map(c -> new Counter(c.key(), c.amount(), 0, c.ttlMillis())).toList();
        return admit(unchecked, null).mapEmpty();
    }

    /** Gives a slot back; releasing one not held succeeds. */
    Future<Void> release(Slot slot);

    /** Current values (0 for counters that do not exist). */
    Future<List<Long>> read(List<String> keys);

    /** Holders of a slot set now, expired ones not counted. */
    Future<Integer> slotsInUse(String key);
}
