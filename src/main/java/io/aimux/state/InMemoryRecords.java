package io.aimux.state;

import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records held by this process only: the single-replica default. */
public final class InMemoryRecords implements SharedRecords {

    private final Map<String, Map<String, String>> collections = new ConcurrentHashMap<>();

    @Override
    public Future<Map<String, String>> all(String collection) {
        return Future.succeededFuture(Map.copyOf(collections.getOrDefault(collection, Map.of())));
    }

    @Override
    public Future<Void> put(String collection, String id, String json) {
        collections.computeIfAbsent(collection, c -> new ConcurrentHashMap<>()).put(id, json);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> remove(String collection, String id) {
        Map<String, String> records = collections.get(collection);
        if (records != null) {
            records.remove(id);
        }
        return Future.succeededFuture();
    }
}
