package io.aimux.limits;

import io.aimux.testing.RedisServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.aimux.limits.LimitsHttp.anthropic;
import static io.aimux.limits.LimitsHttp.openAi;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** state.on_unavailable=closed: without Redis, limited requests get 503 and the replica is not ready. */
@QuarkusTest
@WithTestResource(RedisResource.class)
@TestProfile(RedisFailClosedTest.Closed.class)
class RedisFailClosedTest {

    static final String LIMITED = "closed-limited-" + "0001";
    static final String FREE = "closed-free-" + "0002";
    static RedisServer restarted;

    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.auth.keys.limited.key", LIMITED, "aimux.auth.keys.limited.limits.daily-tokens", "1000000",
                    "aimux.auth.keys.free.key", FREE, "aimux.state.on-unavailable", "closed",
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
    void limitedRequestsAre503WhileRedisIsAwayAndReadinessIsDown() {
        openAi(LIMITED, "mock/echo").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);

        RedisOutage.kill();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'state-store' }.status", equalTo("DOWN")));
        openAi(LIMITED, "mock/echo").then().statusCode(503).header("retry-after", "2")
                .body("error.message", equalTo("rate limits cannot be checked right now; retry shortly"));
        anthropic(LIMITED, "mock/echo").then().statusCode(503).header("retry-after", "2")
                .body("type", equalTo("error"));
        openAi(FREE, "mock/echo").then().statusCode(200); // needs no limit check

        restarted = RedisOutage.restart();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        openAi(LIMITED, "mock/echo").then().statusCode(200);
    }
}
