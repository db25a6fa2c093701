package io.aimux.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.concurrent.TimeUnit;

/**
 * The one Redis client of a replica, with what every Redis-backed store shares: key names under
 * {@code aimux:} plus {@code state.key_prefix}, a bound on each call ({@code state.timeout_ms}),
 * and the store's status, fed by every call and a ping every {@value #PING_MILLIS} ms (so a
 * replica that stopped receiving requests still notices Redis coming back).
 *
 * <p>The client is built here with the Vert.x Redis API rather than injected from the Quarkus
 * Redis extension: it exists only when {@code state.store=redis}, so a replica on the memory store
 * never configures, connects to or health-checks a Redis server.
 */
public final class RedisState implements AutoCloseable {

    static final long PING_MILLIS = 2000;
    /** Connections to Redis per replica; calls are short, so a few carry a busy gateway. */
    static final int POOL_SIZE = 16;
    /** Calls waiting for a pooled connection; beyond, they fail at once (and count as errors). */
    static final int POOL_WAITING = 4096;

    private final Vertx vertx;
    private final Redis client;
    private final String prefix;
    private final long timeoutMillis;
    private final StoreStatus status;
    private final long pinger;

    public RedisState(Vertx vertx, String url, String keyPrefix, long timeoutMillis, StoreStatus status) {
        this.vertx = vertx;
        this.prefix = "aimux:" + (keyPrefix == null || keyPrefix.isEmpty() ? "" : keyPrefix + ":");
        this.timeoutMillis = timeoutMillis;
        this.status = status;
        RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(POOL_SIZE)
                .setMaxPoolWaiting(POOL_WAITING).setPreferredProtocolVersion(ProtocolVersion.RESP2);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(1, timeoutMillis)).setTcpNoDelay(true);
        this.client = Redis.createClient(vertx, options);
        ping();
        this.pinger = vertx.setPeriodic(PING_MILLIS, id -> ping());
    }

    /** The full Redis key of a store-relative name. */
    public String key(String name) {
        return prefix + name;
    }

    public StoreStatus status() {
        return status;
    }

    /**
     * Sends one command within {@code state.timeout_ms}. An error reply from Redis (a script
     * missing, a wrong type) still proves it is reachable; only silence and broken connections
     * count against its status.
     */
    public Future<Response> send(Request request) {
        return client.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS).andThen(result -> {
            if (result.succeeded() || result.cause() instanceof Response) {
                status.succeeded();
            } else {
                status.failed();
            }
        });
    }

    private void ping() {
        send(Request.cmd(Command.PING));
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        client.close();
    }
}
