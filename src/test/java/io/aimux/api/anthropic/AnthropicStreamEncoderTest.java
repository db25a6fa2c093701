package io.aimux.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs events through the encoder and returns the parsed data of each SSE event, checking block order. */
    private static List<JsonNode> encode(ChatEvent... events) throws Exception {
        List<String> frames = new ArrayList<>();
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("m", frames::add);
        for (ChatEvent e : events) {
            encoder.accept(e);
        }
        encoder.end();
        List<JsonNode> out = new ArrayList<>();
        int open = -1;
        int next = 0;
        for (String frame : frames) {
            String[] lines = frame.split("\n");
            JsonNode data = JSON.readTree(lines[1].substring(6));
            assertThat(lines[0]).isEqualTo("event: " + data.path("type").asText());
            switch (data.path("type").asText()) {
                case "content_block_start" -> {
                    assertThat(open).as("a block starts while another is open").isEqualTo(-1);
                    assertThat(data.path("index").asInt()).isEqualTo(next++);
                    open = data.path("index").asInt();
                }
                case "content_block_delta" -> assertThat(data.path("index").asInt()).isEqualTo(open);
                case "content_block_stop" -> {
                    assertThat(data.path("index").asInt()).isEqualTo(open);
                    open = -1;
                }
                default -> { }
            }
            out.add(data);
        }
        assertThat(open).isEqualTo(-1);
        return out;
    }

    private static Map<String, String> toolInputs(List<JsonNode> events) {
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (e.path("content_block").path("type").asText().equals("tool_use")) {
                names.put(e.path("index").asInt(), e.path("content_block").path("name").asText());
                inputs.put(e.path("content_block").path("name").asText(), "");
            }
            if (e.path("delta").path("type").asText().equals("input_json_delta")) {
                String name = names.get(e.path("index").asInt());
                inputs.put(name, inputs.get(name) + e.path("delta").path("partial_json").asText());
            }
        }
        return inputs;
    }

    @Test
    void interleavedParallelCallsBecomeWholeSequentialBlocks() throws Exception {
        List<JsonNode> events = encode(
                new ChatEvent.ToolCallStart(0, "call_a", "get_weather"),
                new ChatEvent.ToolCallDelta(0, "{\"city\": \"Porto\""),
                new ChatEvent.ToolCallStart(1, "call_b", "get_time"),
                new ChatEvent.ToolCallDelta(0, ", \"unit\": \"celsius\"}"),
                new ChatEvent.ToolCallDelta(1, "{\"timezone\": "),
                new ChatEvent.ToolCallDelta(1, "\"Europe/Lisbon\"}"),
                new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        Map<String, String> inputs = toolInputs(events);
        assertThat(JSON.readTree(inputs.get("get_weather"))).isEqualTo(JSON.readTree("{\"city\":\"Porto\",\"unit\":\"celsius\"}"));
        assertThat(JSON.readTree(inputs.get("get_time"))).isEqualTo(JSON.readTree("{\"timezone\":\"Europe/Lisbon\"}"));
    }

    @Test
    void sequentialCallsStreamWithoutWaiting() throws Exception {
        List<String> frames = new ArrayList<>();
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("m", frames::add);
        encoder.accept(new ChatEvent.ToolCallStart(0, "call_a", "a"));
        encoder.accept(new ChatEvent.ToolCallDelta(0, "{\"x\": \"}\\\"{\"}"));
        encoder.accept(new ChatEvent.ToolCallStart(1, "call_b", "b"));
        assertThat(String.join("", frames)).contains("\"name\":\"b\"");
    }

    @Test
    void textAfterWaitingCallsReleasesThemFirst() throws Exception {
        List<JsonNode> events = encode(
                new ChatEvent.ToolCallStart(0, "call_a", "a"),
                new ChatEvent.ToolCallDelta(0, "{\"p\": 1"),
                new ChatEvent.ToolCallStart(1, "call_b", "b"),
                new ChatEvent.ToolCallDelta(1, "{}"),
                new ChatEvent.TextDelta("done"),
                new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        assertThat(toolInputs(events)).containsEntry("b", "{}");
        assertThat(events).anySatisfy(e -> assertThat(e.path("delta").path("text").asText()).isEqualTo("done"));
    }

    // ---- string deltas are written without a tree: the bytes must be those a tree gives

    private static final List<String> TEXTS = List.of("tok0 ", "quote \" backslash \\ slash / tab \t newline \n cr \r",
            "control \u0001\u001f del \u007f", "unicode é 中文 🙂 lone \uD83D", "</script> & 'single' \u2028");

    @Test
    void textThinkingAndArgumentDeltasAreTheBytesOfTheTree() {
        List<String> frames = new ArrayList<>();
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("claude-x", frames::add);
        for (String text : TEXTS) {
            encoder.accept(new ChatEvent.TextDelta(text));
        }
        encoder.accept(new ChatEvent.ToolCallStart(0, "toolu_1", "Bash"));
        encoder.accept(new ChatEvent.ToolCallDelta(0, "{\"command\":\"echo \\\"hi\\\"\\n\"}"));
        encoder.accept(new ChatEvent.Finish(FinishReason.TOOL_CALLS, null));
        encoder.end();

        List<String> deltas = frames.stream().filter(f -> f.startsWith("event: content_block_delta")).toList();
        assertThat(deltas).hasSize(TEXTS.size() + 1);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(deltas.get(i)).isEqualTo(tree(0, "text_delta", "text", TEXTS.get(i)));
        }
        assertThat(deltas.get(TEXTS.size())).isEqualTo(tree(1, "input_json_delta", "partial_json",
                "{\"command\":\"echo \\\"hi\\\"\\n\"}"));
    }

    @Test
    void thinkingDeltasAreTheBytesOfTheTree() {
        List<String> frames = new ArrayList<>();
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("claude-x", frames::add);
        for (String text : TEXTS) {
            encoder.accept(new ChatEvent.ThinkingDelta(text));
        }
        List<String> deltas = frames.stream().filter(f -> f.startsWith("event: content_block_delta")).toList();
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(deltas.get(i)).isEqualTo(tree(0, "thinking_delta", "thinking", TEXTS.get(i)));
        }
    }

    private static String tree(int index, String type, String field, String value) {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", JsonNodeFactory.instance.objectNode().put("type", type).put(field, value));
        return "event: content_block_delta\ndata: " + event + "\n\n";
    }
}
