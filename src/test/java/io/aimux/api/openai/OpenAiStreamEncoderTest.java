package io.aimux.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Text and reasoning chunks are written without a tree: the bytes must be those a tree gives. */
class OpenAiStreamEncoderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void textChunksAreTheBytesOfTheTreeForAnyText() throws Exception {
        List<String> texts = List.of("tok0 ", "", "quote \" backslash \\ slash / tab \t newline \n cr \r",
                "control \u0001\u001f del \u007f", "unicode é ü 中文 🙂 and a lone surrogate \uD83D",
                "<script>alert(1)</script> & 'single'", "\u2028 line separator \u2029");
        List<String> frames = new ArrayList<>();
        OpenAiStreamEncoder encoder = new OpenAiStreamEncoder("gpt-\"quoted\"-model", false, frames::add);
        for (String text : texts) {
            encoder.accept(new ChatEvent.TextDelta(text));
            encoder.accept(new ChatEvent.ThinkingDelta(text));
        }
        encoder.accept(new ChatEvent.Finish(FinishReason.STOP, null));
        encoder.end();

        // frame 0 is the role chunk; then one text and one reasoning chunk per text
        JsonNode first = MAPPER.readTree(frames.get(0).substring("data: ".length()));
        for (int i = 0; i < texts.size(); i++) {
            assertThat(frames.get(1 + 2 * i)).isEqualTo(tree(first, "content", texts.get(i)));
            assertThat(frames.get(2 + 2 * i)).isEqualTo(tree(first, "reasoning_content", texts.get(i)));
        }
        assertThat(frames.get(frames.size() - 1)).isEqualTo("data: [DONE]\n\n");
    }

    /** The chunk as the tree-building path writes it, with the stream's id, created and model. */
    private static String tree(JsonNode first, String field, String text) {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode();
        chunk.put("id", first.path("id").asText());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", first.path("created").asLong());
        chunk.put("model", first.path("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put(field, text);
        choice.putNull("finish_reason");
        return "data: " + chunk + "\n\n";
    }
}
