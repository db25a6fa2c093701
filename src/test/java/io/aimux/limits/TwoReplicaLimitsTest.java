package io.aimux.limits;

import io.aimux.chat.Usage;
import io.aimux.guard.Principal;
import io.aimux.state.RedisCounters;
import io.aimux.state.RedisState;
import io.aimux.state.StoreStatus;
import io.aimux.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.aimux.limits.RateLimiterTest.get;
import static io.aimux.limits.RateLimiterTest.limits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, each with its own Vert.x and its own Redis connections, share one redis-server:
 * a key's limits and budgets hold across both.
 */
class TwoReplicaLimitsTest {

    static RedisServer server;
    static Replica a;
    static Replica b;

    record Replica(Vertx vertx, RedisState state, RateLimiter limiter) {
        static Replica start(String url) {
            Vertx vertx = Vertx.vertx();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisState state = new RedisState(vertx, url, "replicas", 1000, new StoreStatus(registry, "redis", true));
            RateLimiter limiter = new RateLimiter(new RedisCounters(state), new StoreStatus(registry, "redis", true),
                    new RateLimiter.Settings(new PriceTable(Map.of("mock/*", new PriceTable.Price(1, 1, 0, 0))),
                            Map.of("shared", new RateLimiter.Quota(3, 0)), Set.of(), 1_860_000),
                    registry, () -> RateLimiterTest.START + 1000);
            return new Replica(vertx, state, limiter);
        }

        KeyAdmission admit(Principal p) {
            return get(limiter.admit(p, TokenDemand.of(10)));
        }

        void stop() {
            state.close();
            vertx.close();
        }
    }

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        a = Replica.start(server.url());
        b = Replica.start(server.url());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.stop();
            b.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    static Principal key(KeyLimits limits) {
        return RateLimiterTest.key("team-" + UUID.randomUUID(), limits);
    }

    @Test
    void requestsPerMinuteHoldAcrossReplicas() {
        Principal p = key(limits(4, 0, 0, 0, 0, 0, 0));
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += (i % 2 == 0 ? a : b).admit(p).admitted() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(4);
        KeyAdmission refused = b.admit(p);
        assertThat(refused.requests().remaining()).isZero();
        assertThat(refused.refusal().getMessage()).contains("4 requests per minute");
    }

    @Test
    void aTokenBudgetSpentOnOneReplicaIsSpentOnTheOther() {
        Principal p = key(limits(0, 0, 0, 100, 0, 0, 0));
        get(a.limiter().settle(a.admit(p), null, "mock", "echo", new Usage(40, 20, 0, 0)));
        get(b.limiter().settle(b.admit(p), null, "mock", "echo", new Usage(30, 10, 0, 0))); // 100 of 100
        assertThat(a.admit(p).admitted()).isFalse();
        assertThat(b.admit(p).refusal().getMessage()).contains("daily budget of 100 tokens");
    }

    @Test
    void aCostBudgetHoldsAcrossReplicas() {
        Principal p = key(limits(0, 0, 0, 0, 0, 0, 0.00005)); // 50 micro-dollars: 50 tokens at $1 per million
        get(a.limiter().settle(a.admit(p), null, "mock", "echo", new Usage(30, 0, 0, 0)));
        assertThat(b.admit(p).admitted()).isTrue();
        get(b.limiter().settle(b.admit(p), null, "mock", "echo", new Usage(20, 0, 0, 0)));
        assertThat(a.admit(p).admitted()).isFalse();
    }

    @Test
    void concurrencySlotsAreSharedAndGivenBack() {
        Principal p = key(limits(0, 0, 1, 0, 0, 0, 0));
        KeyAdmission held = a.admit(p);
        assertThat(held.admitted()).isTrue();
        assertThat(b.admit(p).admitted()).isFalse();
        get(a.limiter().settle(held, null, "mock", "echo", Usage.NONE));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            KeyAdmission next = b.admit(p);
            if (next.admitted()) {
                get(b.limiter().settle(next, null, null, null, Usage.NONE));
            }
            return next.admitted();
        });
    }

    @Test
    void providerQuotasHoldAcrossReplicas() {
        String provider = "shared";
        int admitted = 0;
        for (int i = 0; i < 6; i++) {
            admitted += get((i % 2 == 0 ? a : b).limiter().admitProvider(provider, TokenDemand.of(1))).admitted() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void keysNameNoSecretOnlyTheKeyId() {
        Principal p = key(limits(1, 0, 0, 0, 0, 0, 0));
        a.admit(p);
        var keys = get(io.vertx.redis.client.Redis.createClient(a.vertx(), server.url())
                .send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.KEYS, "aimux:replicas:k:" + p.keyId() + ":*")));
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.get(0).toString()).isEqualTo("aimux:replicas:k:" + p.keyId() + ":requests:m"
                + (RateLimiterTest.START + 1000) / 60_000);
        assertThat(List.of(keys.get(0).toString())).noneMatch(k -> k.contains("secret"));
    }
}
