package io.aimux.limits;

import io.aimux.testing.RedisServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;

import static io.aimux.limits.LimitsHttp.anthropic;
import static io.aimux.limits.LimitsHttp.awayFromMinuteEdge;
import static io.aimux.limits.LimitsHttp.openAi;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Limits through a real Redis (fail-open): the 429 shape, then Redis going away and coming back. */
@QuarkusTest
@WithTestResource(RedisResource.class)
@TestProfile(RedisLimitsTest.Open.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisLimitsTest {

    static final String FIRST = "redis-rpm-" + "0001";
    static final String SECOND = "redis-rpm-" + "0002";
    static RedisServer restarted;

    public static class Open implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.auth.keys.first.key", FIRST, "aimux.auth.keys.first.limits.requests-per-minute", "1",
                    "aimux.auth.keys.second.key", SECOND, "aimux.auth.keys.second.limits.requests-per-minute", "1",
                    "aimux.state.key-prefix", "http", "aimux.state.on-unavailable", "open",
                    "aimux.providers.mock.enabled", "true", "aimux.auth.public-metrics", "true");
        }
    }

    @AfterAll
    static void stopRestarted() {
        if (restarted != null) {
            restarted.stop();
        }
    }

    @Test
    @Order(1)
    void limitsAreCountedInRedis() {
        awayFromMinuteEdge();
        openAi(FIRST, "mock/echo").then().statusCode(200).header("x-ratelimit-remaining-requests", "0");
        anthropic(FIRST, "mock/echo").then().statusCode(429)
                .header("retry-after", matchesPattern("\\d+"))
                .header("anthropic-ratelimit-requests-remaining", "0")
                .body("error.type", equalTo("rate_limit_error"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'state-store' }.data.store", equalTo("redis"))
                .body("checks.find { it.name == 'state-store' }.data.degraded", equalTo(false));
    }

    @Test
    @Order(2)
    void withoutRedisRequestsPassUnlimitedAndTheOutageIsReportedThenRecovers() {
        RedisOutage.kill();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/metrics").then().body(containsString("aimux_state_store_up 0.0")));
        awayFromMinuteEdge();
        openAi(SECOND, "mock/echo").then().statusCode(200);
        openAi(SECOND, "mock/echo").then().statusCode(200); // over its limit, but limits are waived (open)
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'state-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'state-store' }.data.degraded", equalTo(true));
        given().get("/q/metrics").then().body(matchesPattern("(?s).*aimux_state_store_errors_total [1-9].*"));

        restarted = RedisOutage.restart(); // empty: the counters of the outage are gone
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/metrics").then().body(containsString("aimux_state_store_up 1.0")));
        awayFromMinuteEdge();
        openAi(SECOND, "mock/echo").then().statusCode(200);
        openAi(SECOND, "mock/echo").then().statusCode(429);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'state-store' }.data.degraded", equalTo(false));
    }
}
