package io.aimux.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden event sequences of the Responses encoder. */
class ResponsesStreamEncoderTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static ResponseShape shape(boolean encrypted) {
        ObjectNode request = MAPPER.createObjectNode().put("model", "m");
        return new ResponseShape("resp_1", 1, "m", request, Set.of("apply_patch"), Map.of("spawn", "agents"), encrypted, null, true);
    }

    record Run(List<JsonNode> events, List<ObjectNode> ended) {
        List<String> types() {
            return events.stream().map(e -> e.get("type").asText()).toList();
        }

        JsonNode last() {
            return events.get(events.size() - 1);
        }
    }

    static Run run(ResponseShape shape, ChatEvent... events) {
        List<JsonNode> out = new ArrayList<>();
        List<ObjectNode> ended = new ArrayList<>();
        ResponsesStreamEncoder encoder = new ResponsesStreamEncoder(shape, frame -> {
            String[] lines = frame.split("\n");
            try {
                JsonNode data = MAPPER.readTree(lines[1].substring("data: ".length()));
                assertThat(lines[0]).isEqualTo("event: " + data.get("type").asText());
                out.add(data);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, ended::add);
        for (ChatEvent event : events) {
            encoder.accept(event);
        }
        encoder.end();
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).get("sequence_number").asInt()).isEqualTo(i);
        }
        return new Run(out, ended);
    }

    @Test
    void textAnswer() {
        Run run = run(shape(false), new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"),
                new ChatEvent.Finish(FinishReason.STOP), new ChatEvent.UsageReport(new Usage(5, 2, 1, 0)));
        assertThat(run.types()).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        JsonNode response = run.last().get("response");
        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hello");
        assertThat(response.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(1);
        assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(7);
        assertThat(run.ended()).hasSize(1);
    }

    @Test
    void reasoningThenParallelCallsIncludingACustomAndANamespacedOne() {
        Run run = run(shape(true), new ChatEvent.ThinkingDelta("think"), new ChatEvent.SignatureDelta("sig"),
                new ChatEvent.ToolCallStart(0, "call_a", "f"), new ChatEvent.ToolCallDelta(0, "{\"x\":"),
                new ChatEvent.ToolCallStart(1, "call_b", "apply_patch"), new ChatEvent.ToolCallDelta(1, "{\"input\":\"P\"}"),
                new ChatEvent.ToolCallDelta(0, "1}"), new ChatEvent.ToolCallStart(2, "call_c", "spawn"),
                new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        assertThat(run.types()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.output_item.added", "response.function_call_arguments.delta", "response.output_item.added",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "response.output_item.done",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        JsonNode output = run.last().at("/response/output");
        assertThat(output.get(0).get("encrypted_content").asText()).startsWith("aimux.v1.");
        assertThat(output.get(1).get("arguments").asText()).isEqualTo("{\"x\":1}");
        assertThat(output.get(2).get("type").asText()).isEqualTo("custom_tool_call");
        assertThat(output.get(2).get("input").asText()).isEqualTo("P");
        assertThat(output.get(3).get("namespace").asText()).isEqualTo("agents");
        assertThat(output.get(3).get("arguments").asText()).isEqualTo("{}");
    }

    @Test
    void encryptedContentOnlyWhenIncludedButAlwaysStored() {
        Run run = run(shape(false), new ChatEvent.ThinkingDelta("t"), new ChatEvent.SignatureDelta("s"),
                new ChatEvent.TextDelta("x"), new ChatEvent.Finish(FinishReason.STOP));
        assertThat(run.last().at("/response/output/0").has("encrypted_content")).isFalse();
        assertThat(run.ended().get(0).at("/output/0").has("encrypted_content")).isTrue();
    }

    @Test
    void lengthIsIncomplete() {
        Run run = run(shape(false), new ChatEvent.TextDelta("cut"), new ChatEvent.Finish(FinishReason.LENGTH));
        assertThat(run.last().get("type").asText()).isEqualTo("response.incomplete");
        assertThat(run.last().at("/response/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    }

    @Test
    void failureMidStreamEndsWithResponseFailed() {
        Run run = run(shape(false), new ChatEvent.TextDelta("part"),
                new ChatEvent.Failure("rate_limit_error", "slow down"), new ChatEvent.TextDelta("ignored"));
        assertThat(run.types()).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.failed");
        assertThat(run.last().at("/response/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void streamWithoutFinishFails() {
        Run run = run(shape(false), new ChatEvent.TextDelta("part"));
        assertThat(run.last().get("type").asText()).isEqualTo("response.failed");
        assertThat(run.last().at("/response/error/code").asText()).isEqualTo("server_error");
    }

    @Test
    void failureCodes() {
        assertThat(ResponsesStreamEncoder.failureCode("invalid_request_error", "prompt is too long: 300000 tokens"))
                .isEqualTo("context_length_exceeded");
        assertThat(ResponsesStreamEncoder.failureCode("insufficient_quota", "x")).isEqualTo("insufficient_quota");
        assertThat(ResponsesStreamEncoder.failureCode("overloaded_error", "x")).isEqualTo("server_error");
    }

    @Test
    void collectedAnswerHasTheSameItems() {
        ResponseAccumulator answer = new ResponseAccumulator();
        answer.accept(new ChatEvent.TextDelta("Hi"));
        answer.accept(new ChatEvent.ToolCallStart(0, "call_a", "f"));
        answer.accept(new ChatEvent.ToolCallDelta(0, "{}"));
        answer.accept(new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        answer.end();
        ObjectNode body = ResponsesStreamEncoder.collect(shape(false), answer, r -> { });
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(body.at("/output/1/call_id").asText()).isEqualTo("call_a");
    }
}
