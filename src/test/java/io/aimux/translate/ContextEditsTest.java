package io.aimux.translate;

import static io.aimux.translate.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ContextEditsTest {

    /** Four tool rounds; each result holds {@code size} words. */
    private static String conversation(int size) {
        StringBuilder messages = new StringBuilder("[{'role':'user','content':'go'}");
        String words = "word ".repeat(size).trim();
        for (int i = 1; i <= 4; i++) {
            String tool = i == 2 ? "Secret" : "Read";
            messages.append(",{'role':'assistant','content':[{'type':'tool_use','id':'t").append(i)
                    .append("','name':'").append(tool).append("','input':{'path':'f").append(i).append("'}}]}")
                    .append(",{'role':'user','content':[{'type':'tool_result','tool_use_id':'t").append(i)
                    .append("','content':'result ").append(i).append(' ').append(words).append("'}]}");
        }
        return messages.append(']').toString();
    }

    private static ObjectNode apply(String edit, int size) {
        ObjectNode body = obj("{'context_management':{'edits':[" + edit + "]},'messages':" + conversation(size) + "}");
        ContextEdits.apply(body, f -> { });
        return body;
    }

    private static String result(ObjectNode body, int round) {
        return body.at("/messages/" + (round * 2) + "/content/0/content").asText();
    }

    @Test
    void oldToolResultsAreClearedOnceTheTriggerIsPassed() {
        ObjectNode body = apply("{'type':'clear_tool_uses_20250919','trigger':{'type':'input_tokens','value':1000},"
                + "'keep':{'type':'tool_uses','value':2}}", 600);
        assertThat(body.has("context_management")).isFalse();
        assertThat(result(body, 1)).isEqualTo(ContextEdits.CLEARED);
        assertThat(result(body, 2)).isEqualTo(ContextEdits.CLEARED);
        assertThat(result(body, 3)).startsWith("result 3");
        assertThat(result(body, 4)).startsWith("result 4");
        assertThat(body.at("/messages/1/content/0/input/path").asText()).as("inputs stay unless asked").isEqualTo("f1");
    }

    @Test
    void belowTheTriggerNothingIsCleared() {
        ObjectNode body = apply("{'type':'clear_tool_uses_20250919','trigger':{'type':'input_tokens','value':100000}}", 10);
        for (int round = 1; round <= 4; round++) {
            assertThat(result(body, round)).startsWith("result " + round);
        }
    }

    @Test
    void excludedToolsAndInputsAreHonoured() {
        ObjectNode body = apply("{'type':'clear_tool_uses_20250919','trigger':{'type':'tool_uses','value':1},"
                + "'keep':{'type':'tool_uses','value':1},'exclude_tools':['Secret'],'clear_tool_inputs':true}", 5);
        assertThat(result(body, 1)).isEqualTo(ContextEdits.CLEARED);
        assertThat(result(body, 2)).as("excluded tool").startsWith("result 2");
        assertThat(result(body, 3)).isEqualTo(ContextEdits.CLEARED);
        assertThat(body.at("/messages/1/content/0/input").isEmpty()).isTrue();
        assertThat(result(body, 4)).startsWith("result 4");
    }

    @Test
    void anEditThatWouldFreeTooLittleIsSkipped() {
        ObjectNode body = apply("{'type':'clear_tool_uses_20250919','trigger':{'type':'tool_uses','value':1},"
                + "'keep':{'type':'tool_uses','value':3},'clear_at_least':{'type':'input_tokens','value':5000}}", 5);
        assertThat(result(body, 1)).startsWith("result 1");
    }

    @Test
    void keepAllThinkingIsANoOp() {
        ObjectNode body = obj("{'context_management':{'edits':[{'type':'clear_thinking_20251015','keep':'all'}]},"
                + "'messages':[{'role':'user','content':'a'},{'role':'assistant','content':[{'type':'thinking','thinking':'t','signature':'s'},"
                + "{'type':'text','text':'b'}]},{'role':'user','content':'c'}]}");
        ObjectNode expected = body.deepCopy();
        expected.remove("context_management");
        ContextEdits.apply(body, f -> { });
        assertThat(body).isEqualTo(expected);
    }
}
