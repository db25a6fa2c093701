package io.aimux.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Stored responses in Redis, so a follow-up ({@code previous_response_id}) may reach any replica.
 * Each response is one key that expires after {@code responses.ttl_seconds}; age bounds the store
 * here, and the Redis server's {@code maxmemory} policy bounds its size (the count bound
 * {@code responses.max_stored} is the in-memory store's).
 */
public final class RedisResponseStore implements ResponseStore {

    private final RedisState redis;
    private final ObjectMapper mapper;
    private final long ttlMillis;
    private final boolean storing;

    public RedisResponseStore(RedisState redis, ObjectMapper mapper, int maxStored, long ttlSeconds) {
        this.redis = redis;
        this.mapper = mapper;
        this.ttlMillis = ttlSeconds * 1000;
        this.storing = maxStored > 0 && ttlSeconds > 0;
    }

    private String key(String id) {
        return redis.key("response:" + id);
    }

    @Override
    public Future<Void> put(StoredResponse response) {
        if (!storing) {
            return Future.succeededFuture();
        }
        ObjectNode record = mapper.createObjectNode();
        record.put("id", response.id());
        record.put("owner", response.owner());
        record.set("response", response.response());
        record.set("history", response.history());
        record.set("input", response.input());
        record.put("stored_at", response.storedAtMillis());
        String json;
        try {
            json = mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        return redis.send(Request.cmd(Command.SET).arg(key(response.id())).arg(json).arg("PX").arg(ttlMillis)).mapEmpty();
    }

    @Override
    public Future<StoredResponse> get(String id) {
        return redis.send(Request.cmd(Command.GET).arg(key(id))).map(reply -> {
            if (reply == null) {
                return null;
            }
            try {
                ObjectNode record = (ObjectNode) mapper.readTree(reply.toString());
                String owner = record.path("owner").isTextual() ? record.get("owner").asText() : null;
                return new StoredResponse(record.path("id").asText(), owner, (ObjectNode) record.get("response"),
                        (ArrayNode) record.get("history"), (ArrayNode) record.get("input"), record.path("stored_at").asLong());
            } catch (JsonProcessingException | ClassCastException e) {
                return null; // a record this version cannot read is as good as expired
            }
        });
    }

    @Override
    public Future<Boolean> delete(String id) {
        return redis.send(Request.cmd(Command.DEL).arg(key(id))).map(reply -> reply != null && reply.toLong() > 0);
    }
}
