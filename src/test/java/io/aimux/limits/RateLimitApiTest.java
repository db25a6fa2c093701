package io.aimux.limits;

import io.aimux.state.StateBeans;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.aimux.limits.LimitsHttp.anthropic;
import static io.aimux.limits.LimitsHttp.awayFromMinuteEdge;
import static io.aimux.limits.LimitsHttp.openAi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** Limits and budgets over HTTP on the default (in-memory) store: 429s and headers in each protocol. */
@QuarkusTest
@TestProfile(RateLimitApiTest.Limited.class)
class RateLimitApiTest {

    static final String RPM = "rpm-key-" + "0001";
    static final String TPM = "tpm-key-" + "0002";
    static final String CONC = "conc-key-" + "0003";
    static final String DAILY = "daily-key-" + "0004";
    static final String USD = "usd-key-" + "0005";
    static final String FREE = "free-key-" + "0006";

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            key(c, "rpm", RPM, "requests-per-minute", "2");
            key(c, "tpm", TPM, "tokens-per-minute", "30");
            key(c, "conc", CONC, "max-concurrent", "1");
            key(c, "daily", DAILY, "daily-tokens", "1");
            key(c, "usd", USD, "daily-cost-usd", "0.000001");
            c.put("aimux.auth.keys.free.key", FREE);
            // readiness with keys needs a real provider or the mock switched on; metrics read without a key
            c.put("aimux.providers.mock.enabled", "true");
            c.put("aimux.auth.public-metrics", "true");
            c.put("aimux.prices.\"mock/*\".input", "1");
            c.put("aimux.prices.\"mock/*\".output", "1");
            c.put("aimux.providers.quota.type", "mock");
            c.put("aimux.providers.quota.quota.requests-per-minute", "1");
            c.put("aimux.aliases.quota-then-mock[0]", "quota/echo");
            c.put("aimux.aliases.quota-then-mock[1]", "mock/echo");
            return c;
        }

        static void key(Map<String, String> c, String name, String secret, String limit, String value) {
            c.put("aimux.auth.keys." + name + ".key", secret);
            c.put("aimux.auth.keys." + name + ".limits." + limit, value);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void requestsPerMinuteInBothProtocolsWithHeadersOnAnswersAndRefusals() {
        awayFromMinuteEdge();
        openAi(RPM, "mock/echo").then().statusCode(200)
                .header("x-ratelimit-limit-requests", "2")
                .header("x-ratelimit-remaining-requests", "1")
                .header("x-ratelimit-reset-requests", matchesPattern("\\d+(ms|s)|1m0s"))
                .header("x-ratelimit-limit-tokens", nullValue());
        anthropic(RPM, "mock/echo").then().statusCode(200)
                .header("anthropic-ratelimit-requests-limit", "2")
                .header("anthropic-ratelimit-requests-remaining", "0")
                .header("anthropic-ratelimit-requests-reset", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z"));
        Response refused = openAi(RPM, "mock/echo");
        refused.then().statusCode(429)
                .header("retry-after", matchesPattern("[1-9]\\d?"))
                .header("x-ratelimit-remaining-requests", "0")
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", containsString("2 requests per minute"));
        assertThat(Integer.parseInt(refused.header("retry-after"))).isBetween(1, 60);
        anthropic(RPM, "mock/echo").then().statusCode(429)
                .header("retry-after", matchesPattern("[1-9]\\d?"))
                .header("anthropic-ratelimit-requests-remaining", "0")
                .body("type", equalTo("error"))
                .body("error.type", equalTo("rate_limit_error"));
        given().get("/q/metrics").then().body(containsString("outcome=\"rejected\""));
    }

    @Test
    void tokensPerMinuteChargeTheEstimate() {
        awayFromMinuteEdge();
        String large = "{\"model\":\"mock/echo\",\"max_tokens\":4000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        // asks for more than the whole limit: charged the limit, alone in its minute
        given().contentType("application/json").header("Authorization", "Bearer " + TPM).body(large)
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-ratelimit-limit-tokens", "30")
                .header("x-ratelimit-remaining-tokens", "0");
        // the first was corrected to its real usage (a few tokens), which leaves no room for another 30
        given().contentType("application/json").header("Authorization", "Bearer " + TPM).body(large)
                .post("/v1/chat/completions").then().statusCode(429)
                .header("x-ratelimit-remaining-tokens", matchesPattern("[1-9]\\d?"))
                .body("error.message", containsString("30 tokens per minute"));
    }

    @Test
    void aConcurrencySlotIsHeldWhileStreamingAndFreedWhenTheClientLeaves() throws Exception {
        String words = "word ".repeat(200);
        String body = "{\"model\":\"mock/slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + CONC + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            String seen = "";
            while (!seen.contains("data: ")) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                seen += new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
            openAi(CONC, "mock/echo").then().statusCode(429)
                    .header("retry-after", "1")
                    .body("error.message", containsString("1 requests in flight"));
        } // the client leaves mid-stream: its slot is given back
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> openAi(CONC, "mock/echo").statusCode() == 200);
        openAi(CONC, "mock/echo").then().statusCode(200);
    }

    @Test
    void aSpentDailyTokenBudgetSaysWhichAndWhenItResets() {
        openAi(DAILY, "mock/echo").then().statusCode(200);
        openAi(DAILY, "mock/echo").then().statusCode(429)
                .header("retry-after", matchesPattern("\\d+"))
                .body("error.code", equalTo("insufficient_quota"))
                .body("error.message", containsString("daily budget of 1 tokens is spent; it resets at "))
                .body("error.message", containsString("T00:00:00Z (UTC)"));
        anthropic(DAILY, "mock/echo").then().statusCode(429).body("error.type", equalTo("rate_limit_error"));
    }

    @Test
    void aCostBudgetIsPricedFromThePriceTable() {
        anthropic(USD, "mock/echo").then().statusCode(200);
        anthropic(USD, "mock/echo").then().statusCode(429)
                .body("error.message", containsString("daily cost budget of $0.000001 is spent"));
    }

    @Test
    void aProviderOverItsQuotaIsSkippedThenRefused() {
        awayFromMinuteEdge();
        openAi(FREE, "quota-then-mock").then().statusCode(200).header("x-aimux-route", containsString("quota/echo"));
        openAi(FREE, "quota-then-mock").then().statusCode(200).header("x-aimux-route", containsString("mock/echo"));
        openAi(FREE, "quota/echo").then().statusCode(429)
                .header("retry-after", matchesPattern("\\d+"))
                .body("error.message", containsString("provider 'quota' is over its quota of 1 requests per minute"));
    }

    @Test
    void keysWithoutLimitsGetNoLimitHeaders() {
        openAi(FREE, "mock/echo").then().statusCode(200).header("x-ratelimit-limit-requests", nullValue());
        anthropic(FREE, "mock/echo").then().statusCode(200).header("anthropic-ratelimit-requests-limit", nullValue());
    }

    @Test
    void theMemoryStoreCreatesNoRedisClient() {
        assertThat(Arc.container().instance(StateBeans.class).get().redisClientCreated()).isFalse();
        assertThat(Arc.container().select(io.vertx.redis.client.Redis.class).isResolvable()).isFalse();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'state-store' }.data.store", equalTo("memory"));
        given().get("/q/metrics").then().body(containsString("aimux_state_store_up 1.0"));
    }
}
