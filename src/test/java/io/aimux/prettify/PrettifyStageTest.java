package io.aimux.prettify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The event-level adapter around the extractor. */
class PrettifyStageTest {

    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("get_weather", null), new ToolSpec("search", null));

    private static ResponseAccumulator run(ChatEvent... events) {
        ResponseAccumulator out = new ResponseAccumulator();
        PrettifyStage stage = new PrettifyStage(out, TOOLS, ExtractorSettings.defaults(), null);
        for (ChatEvent e : events) {
            stage.accept(e);
        }
        stage.end();
        return out;
    }

    private static List<ResponseAccumulator.Block.ToolCall> calls(ResponseAccumulator answer) {
        return answer.blocks().stream().filter(b -> b instanceof ResponseAccumulator.Block.ToolCall)
                .map(b -> (ResponseAccumulator.Block.ToolCall) b).toList();
    }

    @Test
    void extractedCallTurnsFinishIntoToolCalls() {
        ResponseAccumulator answer = run(new ChatEvent.TextDelta("Checking.\n<tool_call>\n{\"name\": \"get_weather\", "),
                new ChatEvent.TextDelta("\"arguments\": {\"city\": \"Lyon\"}}\n</tool_call>"),
                new ChatEvent.Finish(FinishReason.STOP));
        assertThat(answer.finish().reason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(calls(answer)).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.arguments().toString()).isEqualTo("{\"city\":\"Lyon\"}");
        });
        assertThat(answer.text().trim()).isEqualTo("Checking.");
    }

    @Test
    void nothingExtractedKeepsTheUpstreamFinish() {
        ResponseAccumulator answer = run(new ChatEvent.TextDelta("<tool_call>{\"name\": \"get_weather\""),
                new ChatEvent.Finish(FinishReason.LENGTH));
        assertThat(answer.finish().reason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.text()).isEqualTo("<tool_call>{\"name\": \"get_weather\"");
    }

    @Test
    void textCallsAreNumberedAfterStructuredOnes() {
        ResponseAccumulator answer = run(new ChatEvent.ToolCallStart(0, "call_a", "search"),
                new ChatEvent.ToolCallDelta(0, "{\"q\":\"x\"}"),
                new ChatEvent.TextDelta("<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>"),
                new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        assertThat(calls(answer)).extracting(ResponseAccumulator.Block.ToolCall::index).containsExactly(0, 1);
    }

    @Test
    void unsafeOrRepeatedModelIdsAreReplaced() throws Exception {
        String kimi = "<|tool_calls_section_begin|><|tool_call_begin|>functions.search:0<|tool_call_argument_begin|>"
                + "{\"q\":\"a\"}<|tool_call_end|><|tool_calls_section_end|>";
        ResponseAccumulator answer = run(new ChatEvent.TextDelta(kimi), new ChatEvent.Finish(FinishReason.STOP));
        assertThat(calls(answer)).singleElement().satisfies(c -> assertThat(c.id()).isNull());

        String mistral = "[TOOL_CALLS][{\"name\": \"search\", \"arguments\": {\"q\": \"a\"}, \"id\": \"abc123XYZ\"}]"
                + "[TOOL_CALLS][{\"name\": \"search\", \"arguments\": {\"q\": \"b\"}, \"id\": \"abc123XYZ\"}]";
        ResponseAccumulator twice = run(new ChatEvent.TextDelta(mistral), new ChatEvent.Finish(FinishReason.STOP));
        assertThat(calls(twice)).extracting(ResponseAccumulator.Block.ToolCall::id).containsExactly("abc123XYZ", null);
        assertThat(new ObjectMapper().readTree(calls(twice).get(1).arguments().toString()).get("q").asText()).isEqualTo("b");
    }

    @Test
    void leadingThinkBlockBecomesReasoning() {
        ResponseAccumulator answer = run(new ChatEvent.TextDelta("<think>plan the answer</think>The answer."),
                new ChatEvent.Finish(FinishReason.STOP));
        assertThat(answer.reasoning()).isEqualTo("plan the answer");
        assertThat(answer.text()).isEqualTo("The answer.");
    }
}
