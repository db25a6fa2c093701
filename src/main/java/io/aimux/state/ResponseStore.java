package io.aimux.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * Responses kept for {@code previous_response_id} and {@code GET /v1/responses/{id}}. Future based,
 * so that a store shared by replicas (Redis) can take the place of the in-memory one.
 */
public interface ResponseStore {

    /**
     * One stored response: the response object (with {@code encrypted_content}), the items of the
     * conversation before this request ({@code history}), this request's own input items, and the
     * client key that created it ({@code owner}, null without keys): only that key may read it.
     */
    record StoredResponse(String id, String owner, ObjectNode response, ArrayNode history, ArrayNode input,
            long storedAtMillis) {

        /** The conversation a follow-up request continues: history, input, then this response's output. */
        public ArrayNode conversation() {
            ArrayNode items = history.deepCopy();
            items.addAll(input.deepCopy());
            items.addAll(((ArrayNode) response.get("output")).deepCopy());
            return items;
        }
    }

    Future<Void> put(StoredResponse response);

    /** The stored response, or null when it is unknown or expired. */
    Future<StoredResponse> get(String id);

    /** Whether a stored response was removed. */
    Future<Boolean> delete(String id);
}
