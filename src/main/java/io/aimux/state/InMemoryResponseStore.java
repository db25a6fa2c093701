package io.aimux.state;

import io.vertx.core.Future;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Stored responses in this replica's memory, bounded by count (the oldest leave first) and age.
 * Expired entries are dropped when met and whenever one is added.
 */
public final class InMemoryResponseStore implements ResponseStore {

    private final int maxStored;
    private final long ttlMillis;
    private final LongSupplier clock;
    /** Insertion order is age order: entries are never re-inserted. */
    private final LinkedHashMap<String, StoredResponse> entries = new LinkedHashMap<>();

    public InMemoryResponseStore(int maxStored, long ttlSeconds, LongSupplier clock) {
        this.maxStored = maxStored;
        this.ttlMillis = ttlSeconds * 1000L;
        this.clock = clock;
    }

    @Override
    public synchronized Future<Void> put(StoredResponse response) {
        if (maxStored > 0) {
            expire();
            entries.remove(response.id());
            entries.put(response.id(), response);
            while (entries.size() > maxStored) {
                Iterator<Map.Entry<String, StoredResponse>> oldest = entries.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<StoredResponse> get(String id) {
        StoredResponse found = entries.get(id);
        if (found != null && expired(found)) {
            entries.remove(id);
            found = null;
        }
        return Future.succeededFuture(found);
    }

    @Override
    public synchronized Future<Boolean> delete(String id) {
        StoredResponse removed = entries.remove(id);
        return Future.succeededFuture(removed != null && !expired(removed));
    }

    /** Entries held now, expired ones included until they are met (for tests and status). */
    public synchronized int size() {
        return entries.size();
    }

    private boolean expired(StoredResponse response) {
        return clock.getAsLong() - response.storedAtMillis() >= ttlMillis;
    }

    private void expire() {
        Iterator<StoredResponse> it = entries.values().iterator();
        while (it.hasNext() && expired(it.next())) {
            it.remove();
        }
    }
}
