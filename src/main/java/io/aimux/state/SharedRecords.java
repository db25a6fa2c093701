package io.aimux.state;

import io.vertx.core.Future;

import java.util.Map;

/**
 * Small records every replica shares (client keys and their policies): rarely written, read in
 * full when a replica refreshes. Values are JSON text owned by the caller.
 */
public interface SharedRecords {

    /** Every record of a collection, by id. */
    Future<Map<String, String>> all(String collection);

    /** Creates or replaces one record. */
    Future<Void> put(String collection, String id, String json);

    /** Removes one record; removing a missing record succeeds. */
    Future<Void> remove(String collection, String id);
}
