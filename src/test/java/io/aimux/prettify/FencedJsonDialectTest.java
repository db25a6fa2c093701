package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class FencedJsonDialectTest {

    static final ToolSpec SEARCH = tool("search_docs");

    @Test
    void objectAndArrayBodies() {
        Cases.Result r = run("I'll search.\n\n```json\n{\n  \"name\": \"search_docs\",\n  \"arguments\": {\"query\": \"retry\"}\n}\n```\n", SEARCH);
        assertCall(r.calls().get(0), "search_docs", "{\"query\":\"retry\"}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("fenced-json");
        assertThat(r.content().strip()).isEqualTo("I'll search.");
        r = run("```JSON\n[{\"name\": \"search_docs\", \"parameters\": {\"query\": \"a\"}}, {\"name\": \"search_docs\", \"arguments\": \"{\\\"query\\\": \\\"b\\\"}\"}]\n```", SEARCH);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(1), "search_docs", "{\"query\":\"b\"}");
    }

    @Test
    void otherBlocksAreContent() {
        assertUnchanged("```json\n{\"name\": \"Ada\", \"born\": 1815}\n```", SEARCH);
        assertUnchanged("```json\n{\"name\": \"search_docs\", \"arguments\": {}, \"note\": 1}\n```", SEARCH);
        assertUnchanged("```json\n{\"name\": \"search_docs\", \"arguments\": {}}\n// comment\n```", SEARCH);
        assertUnchanged("```json\n{\"name\": \"search_docs\", \"arguments\": {}}\n", SEARCH);
        assertUnchanged("```python\n{\"name\": \"search_docs\", \"arguments\": {}}\n```", SEARCH);
        assertUnchanged("Inline ```json {\"name\": \"search_docs\", \"arguments\": {}}``` here", SEARCH);
    }

    @Test
    void otherLanguageFenceIsNotHeld() {
        TextCallExtractor x = new TextCallExtractor(List.of(SEARCH), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("Here:\n```py", out);
        assertThat(x.heldBackChars()).isZero();
        x.accept("thon\nprint('<tool_call>')\n<tool_call>{\"name\": \"search_docs\"", out);
        assertThat(x.heldBackChars()).as("inside a code block nothing is held").isZero();
        x.accept(", \"arguments\": {}}</tool_call>\n```\n", out);
        assertThat(x.heldBackChars()).isZero();
        x.finish(out);
        assertThat(Cases.summarize(out).calls()).isEmpty();
    }

    @Test
    void jsonFenceIsReleasedOnceTheBodyCannotBeACall() {
        TextCallExtractor x = new TextCallExtractor(List.of(SEARCH), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("```json\n", out);
        assertThat(x.heldBackChars()).isPositive();
        x.accept("{\"users\": [", out);
        assertThat(x.heldBackChars()).isZero();
    }
}
