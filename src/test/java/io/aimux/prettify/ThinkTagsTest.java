package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThinkTagsTest {

    static final ToolSpec WEATHER = X.tool("get_weather");

    @Test
    void leadingThinkBecomesReasoning() {
        Cases.Result r = X.run("\n<think>\nUser wants weather.\n</think>\n\nIt is sunny.", WEATHER);
        assertThat(r.reasoning()).isEqualTo("\nUser wants weather.\n");
        assertThat(r.content()).isEqualTo("\n\n\nIt is sunny.");
        r = X.run("<thinking>hmm</thinking>ok");
        assertThat(r.reasoning()).isEqualTo("hmm");
        assertThat(r.content()).isEqualTo("ok");
    }

    @Test
    void reasoningThenWholeMessageLlamaCall() {
        Cases.Result r = X.run("<think>call it</think>\n{\"name\": \"get_weather\", \"parameters\": {}}", WEATHER);
        assertThat(r.calls()).hasSize(1);
    }

    @Test
    void notAtStartUnclosedOrDisabledStaysText() {
        X.assertUnchanged("Use <think>tags</think> to think.", WEATHER);
        X.assertUnchanged("<think>never closed", WEATHER);
        String text = "<think>x</think>y";
        Cases.Result r = X.run(text, new ExtractorSettings(List.of(), 0, false), WEATHER);
        assertThat(r.content()).isEqualTo(text);
    }
}
