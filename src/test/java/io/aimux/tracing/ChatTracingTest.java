package io.aimux.tracing;

import io.aimux.api.RequestIds;
import io.aimux.requestlog.AccessLog;
import io.aimux.requestlog.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With tracing on: a SERVER span per chat request, a CLIENT span per upstream attempt, and the trace id in the request log. */
@QuarkusTest
@TestProfile(TracingProfile.class)
class ChatTracingTest {

    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    @BeforeEach
    void clear() {
        TracingProfile.Exporter.SPANS.reset();
    }

    static String chat(String model, int status, Map<String, String> headers) {
        return given().headers(headers).contentType(ContentType.JSON)
                .body(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hello there"))))
                .post("/v1/chat/completions").then().statusCode(status).extract().header(RequestIds.HEADER);
    }

    static SpanData server(String requestId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> find(requestId) != null);
        return find(requestId);
    }

    static SpanData find(String requestId) {
        return TracingProfile.Exporter.SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && requestId.equals(s.getAttributes().get(ChatTrace.REQUEST_ID)))
                .findFirst().orElse(null);
    }

    static List<SpanData> attempts(SpanData server) {
        return TracingProfile.Exporter.SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(server.getSpanId()))
                .sorted(Comparator.comparingLong(s -> s.getAttributes().get(ChatTrace.ATTEMPT)))
                .toList();
    }

    @Test
    void aChatRequestIsOneServerSpanWithAClientSpanPerAttemptInTheCallersTrace() {
        String id;
        try (LogCapture access = new LogCapture(AccessLog.LOGGER)) {
            id = chat("mock/echo", 200, Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"));
            await().atMost(Duration.ofSeconds(5)).until(() -> access.of(id) != null);
            assertThat(access.of(id).mdc()).containsEntry("trace_id", CALLER_TRACE);
            assertThat(access.of(id).message()).endsWith(" trace_id=" + CALLER_TRACE);
        }
        SpanData server = server(id);
        assertThat(server.getName()).isEqualTo("chat mock/echo");
        assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("mock");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("mock/echo");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("echo");
        assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        List<SpanData> attempts = attempts(server);
        assertThat(attempts).hasSize(1);
        SpanData attempt = attempts.get(0);
        assertThat(attempt.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("mock");
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("echo");
        assertThat(attempt.getAttributes().get(ChatTrace.ATTEMPT)).isEqualTo(1L);
        assertThat(attempt.getAttributes().get(ChatTrace.HTTP_STATUS)).isEqualTo(200L);

        // no automatic HTTP, REST or Redis spans beside the gateway's own (they would double these)
        assertThat(TracingProfile.Exporter.SPANS.getFinishedSpanItems()).filteredOn(s -> s.getTraceId().equals(CALLER_TRACE))
                .hasSize(2).allMatch(s -> s.getInstrumentationScopeInfo().getName().equals(ChatTracing.INSTRUMENTATION));

        // the entry is written as the request ends, just after its answer left
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> given().get("/api/requests/" + id).statusCode() == 200);
        String traceId = given().get("/api/requests/" + id).then().statusCode(200).extract().jsonPath().getString("trace_id");
        assertThat(traceId).isEqualTo(CALLER_TRACE);
    }

    @Test
    void failedAttemptsAndFailoverEachGetASpanAndAFailureIsMarked() {
        String id = chat("failover-demo", 200, Map.of());
        SpanData server = server(id);
        assertThat(server.getName()).isEqualTo("chat failover-demo");
        assertThat(server.getParentSpanId()).isEqualTo("0000000000000000"); // no caller trace: a new one
        List<SpanData> attempts = attempts(server);
        assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
        SpanData first = attempts.get(0);
        assertThat(first.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("error-500");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotNull();
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData last = attempts.get(attempts.size() - 1);
        assertThat(last.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("echo");
        assertThat(last.getAttributes().get(ChatTrace.ATTEMPT)).isEqualTo((long) attempts.size());
        assertThat(last.getAttributes().get(ChatTrace.HTTP_STATUS)).isEqualTo(200L);
        assertThat(server.getAttributes().get(ChatTrace.ATTEMPTS)).isEqualTo((long) attempts.size());

        String failed = chat("mock/error-500", 502, Map.of());
        SpanData broken = server(failed);
        assertThat(broken.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_error");
        assertThat(broken.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(broken.getAttributes().get(ChatTrace.HTTP_STATUS)).isEqualTo(502L);
    }
}
