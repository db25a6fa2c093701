package io.aimux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's own checks must catch broken replies, or a passing replay would mean nothing. */
class ReplyCollectorTest {

    private static String sse(String... items) {
        return String.join("\n\n", items) + "\n\n";
    }

    @Test
    void joinsOpenAiToolCallFragmentsByIndex() {
        String body = sse(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi \"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "data: [DONE]");
        ReplyCollector.Collected got = ReplyCollector.collect("openai", true, "text/event-stream; charset=utf-8", body, true);
        assertThat(got.problems()).isEmpty();
        assertThat(got.toolCalls()).containsExactly(
                new ReplyCollector.ToolCall("c1", "f", "{\"a\":1}"), new ReplyCollector.ToolCall("c2", "g", "{}"));
        assertThat(got.content()).isEqualTo("Hi ");
        assertThat(got.finish()).isEqualTo("tool_calls");
    }

    @Test
    void flagsBrokenOpenAiStreams() {
        String body = sse(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}}]}",
                "data: [DONE]",
                "data: {\"choices\":[]}");
        List<String> problems = ReplyCollector.collect("openai", true, "application/json", body, false).problems();
        assertThat(problems).anyMatch(p -> p.contains("not text/event-stream"))
                .anyMatch(p -> p.contains("without an integer index"))
                .anyMatch(p -> p.contains("lacks id or function.name"))
                .anyMatch(p -> p.contains("not 0..0"))
                .anyMatch(p -> p.contains("after data: [DONE]"));
        assertThat(ReplyCollector.collect("openai", true, "text/event-stream", sse("data: {\"choices\":[]}"), false)
                .problems()).anyMatch(p -> p.contains("does not end with data: [DONE]"));
    }

    @Test
    void collectsAnthropicStreamWithStartInputAndEmptyDeltas() {
        String body = sse(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"g\",\"input\":{\"x\":2}}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}");
        ReplyCollector.Collected got = ReplyCollector.collect("anthropic", true, "text/event-stream", body, true);
        assertThat(got.problems()).isEmpty();
        assertThat(got.toolCalls()).containsExactly(
                new ReplyCollector.ToolCall("t1", "f", "{}"), new ReplyCollector.ToolCall("t2", "g", "{\"x\":2}"));
        assertThat(got.content()).isEqualTo("Hello");
        assertThat(got.finish()).isEqualTo("tool_use");
    }

    @Test
    void flagsBrokenAnthropicStreams() {
        String body = sse(
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_delta\",\"index\":1}",
                "data: {\"type\":\"message_stop\"}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{}}");
        List<String> problems = ReplyCollector.collect("anthropic", true, "text/event-stream", body, false).problems();
        assertThat(problems).anyMatch(p -> p.contains("before message_start"))
                .anyMatch(p -> p.contains("out of order"))
                .anyMatch(p -> p.contains("which is not open"))
                .anyMatch(p -> p.contains("carries data of type"))
                .anyMatch(p -> p.contains("has no event: line"))
                .anyMatch(p -> p.contains("without a message_delta"))
                .anyMatch(p -> p.contains("never stopped"))
                .anyMatch(p -> p.contains("after message_stop"));
    }

    @Test
    void flagsDuplicateAndEmptyIds() {
        List<String> problems = ReplyCollector.idProblems(List.of(
                new ReplyCollector.ToolCall("a", "f", "{}"), new ReplyCollector.ToolCall("a", "f", "{}"),
                new ReplyCollector.ToolCall("", "g", "{}")));
        assertThat(problems).hasSize(2);
    }

    @Test
    void anthropicJsonJoinsTextBlocks() {
        String body = "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"},"
                + "{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{\"k\":1}},"
                + "{\"type\":\"text\",\"text\":\"b\"}],\"stop_reason\":\"tool_use\"}";
        ReplyCollector.Collected got = ReplyCollector.collect("anthropic", false, "application/json", body, true);
        assertThat(got.content()).isEqualTo("a b");
        assertThat(got.toolCalls()).containsExactly(new ReplyCollector.ToolCall("t", "f", "{\"k\":1}"));
        assertThat(ReplyCollector.collect("anthropic", false, null, body, false).content()).isEqualTo("ab");
    }

    @Test
    void contentNormalization() {
        assertThat(ConformanceReplayTest.normalizeContent(null, false)).isEmpty();
        assertThat(ConformanceReplayTest.normalizeContent("  a\n\n b  ", false)).isEqualTo("a\n\n b");
        assertThat(ConformanceReplayTest.normalizeContent("  a\n\n b  ", true)).isEqualTo("a b");
    }
}
