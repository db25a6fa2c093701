package io.aimux.state;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;

/**
 * Shared records in Redis: one hash per collection ({@code aimux:[prefix:]records:NAME}), field
 * = record id, value = its JSON. Records are configuration, so unlike counters they never expire.
 */
public final class RedisRecords implements SharedRecords {

    private final RedisState redis;

    public RedisRecords(RedisState redis) {
        this.redis = redis;
    }

    private String key(String collection) {
        return redis.key("records:" + collection);
    }

    @Override
    public Future<Map<String, String>> all(String collection) {
        return redis.send(Request.cmd(Command.HGETALL).arg(key(collection))).map(reply -> {
            Map<String, String> records = new HashMap<>();
            if (reply != null) {
                // RESP2 (what the client asks for): field, value, field, value…
                for (int i = 0; i + 1 < reply.size(); i += 2) {
                    records.put(reply.get(i).toString(), reply.get(i + 1).toString());
                }
            }
            return Map.copyOf(records);
        });
    }

    @Override
    public Future<Void> put(String collection, String id, String json) {
        return redis.send(Request.cmd(Command.HSET).arg(key(collection)).arg(id).arg(json)).mapEmpty();
    }

    @Override
    public Future<Void> remove(String collection, String id) {
        return redis.send(Request.cmd(Command.HDEL).arg(key(collection)).arg(id)).mapEmpty();
    }
}
