package io.aimux.dashboard;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/dashboard} after real traffic through the mock provider. */
@QuarkusTest
class DashboardApiTest {

    static void chat(String model, String text) {
        given().contentType(ContentType.JSON).body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}").post("/v1/chat/completions");
    }

    static JsonPath snapshot() {
        return given().get("/api/dashboard").then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void theSnapshotCountsTrafficAndShowsProviders() {
        JsonPath before = snapshot();
        long requests = before.getLong("totals.requests");
        long errors = before.getLong("totals.errors");
        chat("mock/echo", "hello dashboard");
        chat("mock/echo", "hello again");
        chat("mock/error-500", "this fails");

        JsonPath after = snapshot();
        assertThat(after.getLong("totals.requests")).isEqualTo(requests + 3);
        assertThat(after.getLong("totals.errors")).isEqualTo(errors + 1);
        assertThat(after.getLong("totals.input_tokens")).isPositive();
        assertThat(after.getString("version")).isNotBlank();
        assertThat(after.getString("time")).endsWith("Z");
        assertThat(after.getDouble("overhead_ms.p50")).isPositive();
        assertThat(after.getLong("totals.in_flight")).isZero();
        assertThat((Object) after.get("totals.cost_usd")).isNull(); // no prices configured

        assertThat(after.getInt("series.step_seconds")).isEqualTo(10);
        List<Map<String, Object>> points = after.getList("series.points");
        assertThat(points).hasSize(60);
        assertThat(points.stream().mapToLong(p -> ((Number) p.get("requests")).longValue()).sum()).isGreaterThanOrEqualTo(3);
        assertThat(points.get(0)).containsKeys("t", "requests", "errors", "input_tokens", "output_tokens", "cost_usd",
                "latency_p50_ms", "overhead_p50_ms");

        Map<String, Object> mock = after.getMap("providers.find { it.name == 'mock' }");
        assertThat(mock).containsEntry("enabled", true).containsEntry("type", "mock").containsKeys("health", "breakers", "reason");
        assertThat(((Number) mock.get("requests")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(((Number) mock.get("error_rate")).doubleValue()).isBetween(0.0, 1.0).isPositive();
        assertThat(after.getDouble("providers.find { it.name == 'mock' }.latency_ms.p50")).isPositive();
        assertThat(after.getDouble("providers.find { it.name == 'mock' }.ttft_ms.p95")).isPositive();
        assertThat(after.getList("providers.find { it.name == 'mock' }.models", String.class)).contains("echo");
        Map<String, Object> openai = after.getMap("providers.find { it.name == 'openai' }");
        assertThat(openai).containsEntry("enabled", false).containsEntry("error_rate", null);
        assertThat((String) openai.get("reason")).contains("OPENAI_API_KEY");

        Map<String, Object> newest = after.getMap("recent_errors[0]");
        assertThat(newest).containsEntry("provider", "mock").containsEntry("model", "error-500")
                .containsEntry("outcome", "upstream_error").containsKeys("id", "time", "status", "error");
        assertThat((String) newest.get("id")).isNotBlank();
        assertThat(after.getList("recent_errors")).hasSizeLessThanOrEqualTo(20);

        assertThat(after.getMap("prettifier")).containsKeys("extractions", "answers", "held_back_max_chars");
        assertThat(after.getMap("guards")).containsKeys("matches", "blocks");
        assertThat(after.getMap("limits.rejections")).isNotNull();
    }

    @Test
    void requestsInFlightAreShown() throws Exception {
        // mock/slow streams word by word with a pause between chunks: it stays in flight for a while
        String words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        java.util.concurrent.CompletableFuture<Integer> slow = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                given().contentType(ContentType.JSON).body("{\"model\":\"mock/slow\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + words + " " + words + "\"}]}")
                        .post("/v1/chat/completions").statusCode());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> snapshot().getLong("totals.in_flight") >= 1 || slow.isDone());
        assertThat(slow.isDone()).as("the slow answer ended before it was seen in flight").isFalse();
        assertThat(slow.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> snapshot().getLong("totals.in_flight") == 0);
    }

    @Test
    void rateLimitAndGuardCountersAreReadFromTheRegistryByName() {
        var registry = io.quarkus.arc.Arc.container().instance(io.micrometer.core.instrument.MeterRegistry.class).get();
        registry.counter("aimux_rate_limit_rejections_total", "limit", "test_kind").increment(3);
        registry.counter("aimux_guard_blocks_total", "stage", "request", "category", "test_category").increment(2);
        registry.counter("aimux_guard_matches_total", "pattern", "p", "category", "test_category", "stage", "request",
                "action", "block").increment(2);
        JsonPath after = snapshot();
        assertThat(after.getLong("limits.rejections.test_kind")).isEqualTo(3);
        assertThat(after.getLong("guards.matches.test_category")).isEqualTo(2);
        assertThat(after.getLong("guards.blocks")).isGreaterThanOrEqualTo(2);
    }
}
