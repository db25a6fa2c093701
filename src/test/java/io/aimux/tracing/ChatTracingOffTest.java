package io.aimux.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracing off (the default): no trace, so the request path builds no spans. */
class ChatTracingOffTest {

    @Test
    void offMeansNoTraceObject() {
        assertThat(new ChatTracing(OpenTelemetry.noop(), true, true).start(null, "openai", "req_1")).isNull();
        assertThat(new ChatTracing(OpenTelemetry.noop(), false, false).start(null, "openai", "req_1")).isNull();
        assertThat(new ChatTracing(OpenTelemetry.noop(), true, true).enabled()).isFalse();
    }
}
