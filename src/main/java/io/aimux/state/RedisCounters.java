package io.aimux.state;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Counters in Redis, shared by every replica. One Lua script reads, checks and updates every
 * counter of a call (and the slot set) atomically, so two replicas can never both take the last
 * unit of a limit. It is sent by its SHA-1 ({@code EVALSHA}) and in full ({@code EVAL}, which
 * also caches it) only when Redis answers {@code NOSCRIPT}: after a restart or a flush.
 * Slot expiry uses the Redis server's clock, so replicas with drifting clocks agree on it.
 */
public final class RedisCounters implements CounterStore {

    /**
     * KEYS: the counters, then the slot set if any. ARGV: counter count, then amount, limit and
     * ttl (ms) per counter, then the slot's holder id, limit and ttl. Returns
     * {refused index or -1, holders or -1, value per counter}.
     */
    static final String SCRIPT = """
            local n = tonumber(ARGV[1])
            local values = {}
            local refused = -1
            for i = 1, n do
              local current = tonumber(redis.call('GET', KEYS[i]) or '0')
              values[i] = current
              local amount = tonumber(ARGV[(i - 1) * 3 + 2])
              local limit = tonumber(ARGV[(i - 1) * 3 + 3])
              if refused < 0 and limit > 0 and current + math.max(amount, 1) > limit then
                refused = i - 1
              end
            end
            local slot = KEYS[n + 1]
            local at = n * 3 + 2
            local held = -1
            local now = 0
            if slot then
              local time = redis.call('TIME')
              now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
              redis.call('ZREMRANGEBYSCORE', slot, '-inf', now)
              held = redis.call('ZCARD', slot)
              local limit = tonumber(ARGV[at + 1])
              if refused < 0 and limit > 0 and held >= limit and not redis.call('ZSCORE', slot, ARGV[at]) then
                refused = n
              end
            end
            if refused < 0 then
              for i = 1, n do
                if tonumber(ARGV[(i - 1) * 3 + 2]) ~= 0 then
                  values[i] = redis.call('INCRBY', KEYS[i], ARGV[(i - 1) * 3 + 2])
                end
                redis.call('PEXPIRE', KEYS[i], ARGV[(i - 1) * 3 + 4])
              end
              if slot then
                redis.call('ZADD', slot, now + tonumber(ARGV[at + 2]), ARGV[at])
                redis.call('PEXPIRE', slot, ARGV[at + 2])
                held = redis.call('ZCARD', slot)
              end
            end
            local out = {refused, held}
            for i = 1, n do
              out[i + 2] = values[i]
            end
            return out
            """;

    static final String SHA = sha1(SCRIPT);

    private final RedisState redis;

    public RedisCounters(RedisState redis) {
        this.redis = redis;
    }

    @Override
    public Future<Decision> admit(List<Counter> counters, Slot slot) {
        List<String> keys = new ArrayList<>(counters.size() + 1);
        List<String> args = new ArrayList<>(counters.size() * 3 + 4);
        args.add(Integer.toString(counters.size()));
        for (Counter c : counters) {
            keys.add(redis.key(c.key()));
            args.add(Long.toString(c.amount()));
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(Math.max(1, c.ttlMillis())));
        }
        if (slot != null) {
            keys.add(redis.key(slot.key()));
            args.add(slot.id());
            args.add(Integer.toString(slot.limit()));
            args.add(Long.toString(Math.max(1, slot.ttlMillis())));
        }
        return eval(keys, args).map(reply -> {
            List<Long> values = new ArrayList<>(counters.size());
            for (int i = 0; i < counters.size(); i++) {
                values.add(reply.get(i + 2).toLong());
            }
            return new Decision(reply.get(0).toInteger(), values, reply.get(1).toInteger());
        });
    }

    /** EVALSHA, and EVAL once Redis says it does not hold the script. */
    private Future<Response> eval(List<String> keys, List<String> args) {
        return redis.send(script(Command.EVALSHA, SHA, keys, args)).recover(failure -> {
            if (failure instanceof Response && failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                return redis.send(script(Command.EVAL, SCRIPT, keys, args));
            }
            return Future.failedFuture(failure);
        });
    }

    private static Request script(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    @Override
    public Future<Void> release(Slot slot) {
        return redis.send(Request.cmd(Command.ZREM).arg(redis.key(slot.key())).arg(slot.id())).mapEmpty();
    }

    @Override
    public Future<List<Long>> read(List<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Request request = Request.cmd(Command.MGET);
        keys.forEach(key -> request.arg(redis.key(key)));
        return redis.send(request).map(reply -> {
            List<Long> values = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                Response value = reply.get(i);
                values.add(value == null ? 0 : value.toLong());
            }
            return values;
        });
    }

    @Override
    public Future<Integer> slotsInUse(String key) {
        // the holders not yet expired; expiry scores are Redis server time, so ask it for "now"
        return redis.send(Request.cmd(Command.EVAL).arg("local t = redis.call('TIME') "
                + "return redis.call('ZCOUNT', KEYS[1], '(' .. (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)), '+inf')")
                .arg(1).arg(redis.key(key))).map(Response::toInteger);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
