package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThinkTagsTest {

    static final ToolSpec WEATHER = DialectTestSupport.tool("get_weather");

    @Test
    void leadingThinkBecomesReasoning() {
        Cases.Result r = DialectTestSupport.run("\n<think>\nUser wants weather.\n</think>\n\nIt is sunny.", WEATHER);
        assertThat(r.reasoning()).isEqualTo("\nUser wants weather.\n");
        assertThat(r.content()).isEqualTo("\n\n\nIt is sunny.");
        r = DialectTestSupport.run("<thinking>hmm</thinking>ok");
        assertThat(r.reasoning()).isEqualTo("hmm");
        assertThat(r.content()).isEqualTo("ok");
    }

    @Test
    void reasoningThenWholeMessageLlamaCall() {
        Cases.Result r = DialectTestSupport.run("<think>call it</think>\n{\"name\": \"get_weather\", \"parameters\": {}}", WEATHER);
        assertThat(r.calls()).hasSize(1);
    }

    @Test
    void notAtStartUnclosedOrDisabledStaysText() {
        DialectTestSupport.assertUnchanged("Use <think>tags</think> to think.", WEATHER);
        DialectTestSupport.assertUnchanged("<think>never closed", WEATHER);
        String text = "<think>x</think>y";
        Cases.Result r = DialectTestSupport.run(text, new ExtractorSettings(List.of(), 0, false), WEATHER);
        assertThat(r.content()).isEqualTo(text);
    }
}
