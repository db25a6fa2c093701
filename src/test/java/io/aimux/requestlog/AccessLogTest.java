package io.aimux.requestlog;

import io.aimux.api.RequestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access line of real requests: its fields, and no prompt or answer text. */
@QuarkusTest
class AccessLogTest {

    @Test
    void aFinishedRequestLeavesOneLineWithItsFieldsAndNoText() {
        String prompt = "secret plan " + UUID.randomUUID();
        try (LogCapture capture = new LogCapture(AccessLog.LOGGER)) {
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("model", "mock/echo", "stream", true,
                            "messages", List.of(Map.of("role", "user", "content", prompt))))
                    .post("/v1/chat/completions").then().statusCode(200).extract().header(RequestIds.HEADER);
            await().atMost(Duration.ofSeconds(5)).until(() -> capture.of(id) != null);
            LogCapture.Line line = capture.of(id);
            Map<String, String> fields = line.mdc();
            assertThat(fields).containsEntry("request_id", id).containsEntry("key", "anonymous")
                    .containsEntry("api", "openai").containsEntry("provider", "mock").containsEntry("model", "echo")
                    .containsEntry("status", "200").containsEntry("outcome", "completed").containsEntry("attempts", "1")
                    .containsKeys("latency_ms", "ttft_ms", "input_tokens", "output_tokens");
            assertThat(Double.parseDouble(fields.get("latency_ms"))).isPositive();
            assertThat(Long.parseLong(fields.get("output_tokens"))).isPositive();
            assertThat(line.message()).startsWith("request_id=" + id + " key=anonymous api=openai")
                    .contains(" outcome=completed ", " trace_id=-").doesNotContain(prompt, "secret plan");
            assertThat(capture.lines).filteredOn(l -> id.equals(l.mdc().get("request_id"))).hasSize(1);
            capture.lines.forEach(l -> assertThat(l.message()).doesNotContain(prompt));

            String failed = given().contentType(ContentType.JSON)
                    .body(Map.of("model", "mock/error-429", "messages", List.of(Map.of("role", "user", "content", prompt))))
                    .post("/v1/chat/completions").then().statusCode(429).extract().header(RequestIds.HEADER);
            await().atMost(Duration.ofSeconds(5)).until(() -> capture.of(failed) != null);
            assertThat(capture.of(failed).mdc()).containsEntry("status", "429").containsEntry("outcome", "upstream_error")
                    .doesNotContainKey("ttft_ms");
            assertThat(capture.of(failed).message()).contains(" ttft_ms=- ").doesNotContain(prompt);
        }
    }
}
