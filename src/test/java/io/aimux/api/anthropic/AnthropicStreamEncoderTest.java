package io.aimux.api.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** String deltas are written without a tree: the bytes must be those a tree gives. */
class AnthropicStreamEncoderTest {

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
