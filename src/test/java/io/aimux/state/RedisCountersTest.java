package io.aimux.state;

import io.aimux.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The store contract against a real redis-server, plus what only Redis has: keys, expiry, the script cache, outages. */
class RedisCountersTest extends CounterStoreContract {

    static RedisServer server;
    static Vertx vertx;
    static SimpleMeterRegistry registry;
    static StoreStatus status;
    static RedisState state;
    static RedisCounters counters;
    /** A plain client to look at what the store wrote. */
    static Redis raw;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        status = new StoreStatus(registry, "redis", false);
        state = new RedisState(vertx, server.url(), "contract", 1000, status);
        counters = new RedisCounters(state);
        raw = Redis.createClient(vertx, server.url());
    }

    @AfterAll
    static void stopRedis() {
        if (state != null) {
            state.close();
            raw.close();
            vertx.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    CounterStore store() {
        return counters;
    }

    static Response redis(Command command, Object... args) {
        return get(raw.send(Request.cmd(command, args)));
    }

    @Test
    void everyKeyIsPrefixedAndExpires() {
        admit(new CounterStore.Slot(ns + "slots", "r1", 3, MINUTE), new CounterStore.Counter(ns + "rpm", 1, 10, MINUTE),
                new CounterStore.Counter(ns + "tokens", 50, 100, MINUTE));
        List<String> keys = new ArrayList<>();
        redis(Command.KEYS, "*" + ns + "*").forEach(k -> keys.add(k.toString()));
        assertThat(keys).hasSize(3).allSatisfy(key -> {
            assertThat(key).startsWith("aimux:contract:" + ns);
            assertThat(redis(Command.PTTL, key).toLong()).isPositive();
        });
    }

    @Test
    void theScriptIsSentAgainAfterRedisForgotIt() {
        assertThat(admit(null, new CounterStore.Counter(ns + "a", 1, 5, MINUTE)).admitted()).isTrue();
        redis(Command.SCRIPT, "FLUSH");
        assertThat(redis(Command.SCRIPT, "EXISTS", RedisCounters.SHA).get(0).toInteger()).isZero();
        assertThat(admit(null, new CounterStore.Counter(ns + "a", 1, 5, MINUTE)).values()).containsExactly(2L);
        assertThat(redis(Command.SCRIPT, "EXISTS", RedisCounters.SHA).get(0).toInteger()).as("cached again by EVAL").isOne();
    }

    @Test
    void recordsAreOneHashPerCollectionWithoutExpiry() {
        RedisRecords records = new RedisRecords(state);
        String collection = ns + "keys";
        get(records.put(collection, "app", "{\"role\":\"client\"}"));
        get(records.put(collection, "ops", "{\"role\":\"admin\"}"));
        get(records.remove(collection, "ops"));
        get(records.remove(collection, "never-there"));
        assertThat(get(records.all(collection))).isEqualTo(Map.of("app", "{\"role\":\"client\"}"));
        assertThat(get(records.all(ns + "empty"))).isEmpty();
        assertThat(redis(Command.TYPE, "aimux:contract:records:" + collection).toString()).isEqualTo("hash");
        assertThat(redis(Command.PTTL, "aimux:contract:records:" + collection).toLong()).isEqualTo(-1);
    }

    @Test
    void anUnreachableRedisFailsWithinTheTimeoutAndIsReportedThenRecovers() {
        RedisServer own = RedisServer.start();
        int port = own.port();
        StoreStatus watched = new StoreStatus(registry, "redis", true);
        RedisState outage = new RedisState(vertx, own.url(), "outage", 200, watched);
        try {
            RedisCounters store = new RedisCounters(outage);
            assertThat(get(store.admit(List.of(new CounterStore.Counter("x", 1, 5, MINUTE)), null)).admitted()).isTrue();
            assertThat(watched.up()).isTrue();
            double errorsBefore = registry.counter("aimux_state_store_errors_total").count();

            own.stop();
            var failed = store.admit(List.of(new CounterStore.Counter("x", 1, 5, MINUTE)), null)
                    .toCompletionStage().toCompletableFuture();
            await().atMost(Duration.ofSeconds(5)).until(failed::isDone);
            assertThat(failed).isCompletedExceptionally();
            assertThat(watched.up()).isFalse();
            assertThat(registry.counter("aimux_state_store_errors_total").count()).isGreaterThan(errorsBefore);
            assertThat(registry.get("aimux_state_store_up").gauge().value()).isZero();

            own = RedisServer.start(port);
            await().atMost(Duration.ofSeconds(10)).until(watched::up); // the background ping notices
            assertThat(registry.get("aimux_state_store_up").gauge().value()).isOne();
            assertThat(get(store.admit(List.of(new CounterStore.Counter("x", 1, 5, MINUTE)), null)).admitted()).isTrue();
        } finally {
            outage.close();
            own.stop();
        }
    }
}
