package io.aimux.requestlog;

import io.aimux.chat.Usage;
import io.aimux.config.TestConfigs;
import io.aimux.metrics.UsageRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access line without a server: the off switch, hostile values, MDC left clean. */
class AccessLogLineTest {

    static UsageRecord record(String id, String model) {
        return new UsageRecord("anthropic", "x", "mock", model, false, "completed", 200, new Usage(1, 2, 0, 0), 3_000_000,
                2_000_000, 1_000_000, 1_000_000, false, 1, "fast", id, "app", -1, null, "0af7651916cd43dd8448eb211c80319c", null);
    }

    @Test
    void theSwitchTurnsTheLineOff() {
        try (LogCapture capture = new LogCapture(AccessLog.LOGGER)) {
            new AccessLog(TestConfigs.fromJson("{\"access_log\":false}")).finished(record("off-1", "echo"));
            new AccessLog(TestConfigs.fromJson("{}")).finished(record("on-1", "echo"));
            assertThat(capture.of("off-1")).isNull();
            LogCapture.Line line = capture.of("on-1");
            assertThat(line.message()).isEqualTo("request_id=on-1 key=app api=anthropic route=fast provider=mock model=echo "
                    + "status=200 outcome=completed latency_ms=3.0 ttft_ms=1.0 input_tokens=1 output_tokens=2 attempts=1 "
                    + "trace_id=0af7651916cd43dd8448eb211c80319c");
            assertThat(line.mdc()).containsEntry("route", "fast").containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c");
        }
        assertThat(org.jboss.logging.MDC.get("request_id")).isNull();
    }

    @Test
    void valuesCannotBreakOrForgeALine() {
        try (LogCapture capture = new LogCapture(AccessLog.LOGGER)) {
            new AccessLog(TestConfigs.fromJson("{}")).finished(record("evil", "a b\ninjected=1\u00e9" + "x".repeat(500)));
            String model = capture.of("evil").mdc().get("model");
            assertThat(model).startsWith("a?b?injected=1?x").hasSize(AccessLog.MAX_VALUE).doesNotContain(" ", "\n");
            assertThat(capture.of("evil").message()).doesNotContain("\n");
        }
        assertThat(AccessLog.plain("plain-value_1.2:3")).isEqualTo("plain-value_1.2:3");
    }
}
