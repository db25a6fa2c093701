package io.aimux.state;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counters held by this process only: the single-replica default. One lock keeps each call
 * atomic; calls are a few map operations, so the event loop never waits long. Expired entries
 * are swept every {@value #SWEEP_EVERY} calls, which bounds the map by the live windows.
 */
public final class InMemoryCounters implements CounterStore {

    static final int SWEEP_EVERY = 1024;

    private record Value(long value, long expiresAt) {}

    private final LongSupplier clock;
    private final Map<String, Value> counters = new HashMap<>();
    private final Map<String, Map<String, Long>> slots = new HashMap<>();
    private int calls;

    public InMemoryCounters() {
        this(System::currentTimeMillis);
    }

    /** {@code clock} gives the time in epoch milliseconds, so tests can move it. */
    public InMemoryCounters(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<Decision> admit(List<Counter> list, Slot slot) {
        long now = clock.getAsLong();
        sweepSometimes(now);
        List<Long> values = new ArrayList<>(list.size());
        int refused = -1;
        for (int i = 0; i < list.size(); i++) {
            Counter c = list.get(i);
            long current = current(c.key(), now);
            values.add(current);
            if (refused < 0 && c.limit() > 0 && current + Math.max(c.amount(), 1) > c.limit()) {
                refused = i;
            }
        }
        int inUse = -1;
        Map<String, Long> holders = null;
        if (slot != null) {
            holders = slots.computeIfAbsent(slot.key(), k -> new HashMap<>());
            holders.values().removeIf(expiry -> expiry <= now);
            inUse = holders.size();
            if (refused < 0 && !holders.containsKey(slot.id()) && slot.limit() > 0 && inUse >= slot.limit()) {
                refused = list.size();
            }
        }
        if (refused >= 0) {
            return Future.succeededFuture(new Decision(refused, values, inUse));
        }
        for (int i = 0; i < list.size(); i++) {
            Counter c = list.get(i);
            long updated = values.get(i) + c.amount();
            counters.put(c.key(), new Value(updated, now + c.ttlMillis()));
            values.set(i, updated);
        }
        if (slot != null) {
            holders.put(slot.id(), now + slot.ttlMillis());
            inUse = holders.size();
        }
        return Future.succeededFuture(new Decision(-1, values, inUse));
    }

    @Override
    public synchronized Future<Void> release(Slot slot) {
        Map<String, Long> holders = slots.get(slot.key());
        if (holders != null) {
            holders.remove(slot.id());
            if (holders.isEmpty()) {
                slots.remove(slot.key());
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<List<Long>> read(List<String> keys) {
        long now = clock.getAsLong();
        List<Long> values = new ArrayList<>(keys.size());
        keys.forEach(key -> values.add(current(key, now)));
        return Future.succeededFuture(values);
    }

    @Override
    public synchronized Future<Integer> slotsInUse(String key) {
        long now = clock.getAsLong();
        Map<String, Long> holders = slots.get(key);
        return Future.succeededFuture(holders == null ? 0 : (int) holders.values().stream().filter(e -> e > now).count());
    }

    private long current(String key, long now) {
        Value value = counters.get(key);
        return value == null || value.expiresAt() <= now ? 0 : value.value();
    }

    private void sweepSometimes(long now) {
        if (++calls % SWEEP_EVERY != 0) {
            return;
        }
        counters.values().removeIf(v -> v.expiresAt() <= now);
        slots.values().forEach(holders -> holders.values().removeIf(expiry -> expiry <= now));
        slots.values().removeIf(Map::isEmpty);
    }

    /** Entries held, for tests of the sweep. */
    synchronized int size() {
        return counters.size() + slots.size();
    }
}
