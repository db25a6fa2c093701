package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.perChar;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class ThinkTagsTest {

    static final ToolSpec WEATHER = tool("get_weather");

    @Test
    void leadingThinkBecomesReasoning() {
        Cases.Result r = run("\n<think>\nUser wants weather.\n</think>\n\nIt is sunny.", WEATHER);
        assertThat(r.reasoning()).isEqualTo("\nUser wants weather.\n");
        assertThat(r.content()).isEqualTo("\n\n\nIt is sunny.");
        r = run("<thinking>hmm</thinking>ok");
        assertThat(r.reasoning()).isEqualTo("hmm");
        assertThat(r.content()).isEqualTo("ok");
    }

    @Test
    void reasoningThenWholeMessageLlamaCall() {
        Cases.Result r = run("<think>call it</think>\n{\"name\": \"get_weather\", \"parameters\": {}}", WEATHER);
        assertThat(r.calls()).hasSize(1);
    }

    @Test
    void notAtStartOrDisabledStaysText() {
        assertUnchanged("Use <think>tags</think> to think.", WEATHER);
        assertUnchanged("<thinkx>no</think>", WEATHER);
        String text = "<think>x</think>y";
        Cases.Result r = run(text, new ExtractorSettings(List.of(), 0, false), WEATHER);
        assertThat(r.content()).isEqualTo(text);
    }

    @Test
    void reasoningIsReleasedBeforeTheClosingTagArrives() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("<thi", out);
        assertThat(out).isEmpty();
        assertThat(x.heldBackChars()).isEqualTo(4);
        x.accept("nk>The user", out);
        assertThat(out).containsExactly(new TextPiece.Reasoning("The user"));
        assertThat(x.heldBackChars()).isZero();
        out.clear();
        x.accept(" asks about <b>Lyon</", out);
        assertThat(out).as("a possible closing tag is held").containsExactly(new TextPiece.Reasoning(" asks about <b>Lyon"));
        assertThat(x.heldBackChars()).isEqualTo(2);
        out.clear();
        x.accept("b>.</thi", out);
        assertThat(out).containsExactly(new TextPiece.Reasoning("</b>."));
        assertThat(x.heldBackChars()).isEqualTo(5);
        out.clear();
        x.accept("nk>\nIt is sunny.", out);
        x.finish(out);
        assertThat(Cases.summarize(out).pieces()).containsExactly(new TextPiece.Content("\nIt is sunny."));
    }

    @Test
    void reasoningLongerThanTheHoldLimitStaysReasoning() {
        ExtractorSettings s = new ExtractorSettings(List.of(), 32, true);
        String thought = "step ".repeat(100);
        List<String> chunks = new ArrayList<>(perChar("<think>" + thought + "</think>Done."));
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), s);
        List<TextPiece> out = new ArrayList<>();
        for (String ch : chunks) {
            x.accept(ch, out);
            assertThat(x.heldBackChars()).isLessThanOrEqualTo("</think>".length() - 1);
        }
        x.finish(out);
        Cases.Result r = Cases.summarize(out);
        assertThat(r.reasoning()).isEqualTo(thought);
        assertThat(r.content()).isEqualTo("Done.");
    }

    /** A stream cut off inside the block was still thinking: the rest is reasoning, not content. */
    @Test
    void streamEndingInsideTheBlockEndsAsReasoning() {
        Cases.Result r = run("<think>never closed", WEATHER);
        assertThat(r.reasoning()).isEqualTo("never closed");
        assertThat(r.content()).isEmpty();
        r = run("<think>almost</thi", WEATHER);
        assertThat(r.reasoning()).isEqualTo("almost</thi");
        assertThat(r.content()).isEmpty();
        r = run("<thinking>other tag </think> is text", WEATHER);
        assertThat(r.reasoning()).isEqualTo("other tag </think> is text");
        r = run("<think>", WEATHER);
        assertThat(r.pieces()).isEmpty();
    }

    @Test
    void markupInsideReasoningIsReasoningAndMarkupAfterIsExtracted() {
        String call = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}</tool_call>";
        Cases.Result r = run("<think>maybe " + call + "?</think>Sure. " + call, WEATHER);
        assertThat(r.reasoning()).isEqualTo("maybe " + call + "?");
        assertThat(r.content()).isEqualTo("Sure. ");
        assertThat(r.calls()).hasSize(1);
    }
}
