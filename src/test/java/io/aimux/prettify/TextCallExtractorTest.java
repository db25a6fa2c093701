package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aimux.prettify.DialectTestSupport.perChar;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class TextCallExtractorTest {

    static final ToolSpec WEATHER = tool("get_weather");
    static final String CALL = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}</tool_call>";

    @Test
    void registryListsEveryDialectOnce() {
        assertThat(Dialects.ids()).containsExactly("hermes", "qwen3-xml", "glm", "anthropic-xml", "mistral", "llama",
                "deepseek", "kimi", "harmony", "fenced-json");
        for (String id : Dialects.ids()) {
            assertThat(Dialects.byId(id).id()).isEqualTo(id);
        }
    }

    @Test
    void settingsDefaults() {
        ExtractorSettings d = ExtractorSettings.defaults();
        assertThat(d.dialects()).isEmpty();
        assertThat(d.maxHoldBackChars()).isEqualTo(65536);
        assertThat(d.extractReasoning()).isTrue();
        assertThat(new ExtractorSettings(null, -1, false).maxHoldBackChars()).isEqualTo(65536);
    }

    @Test
    void dialectFilterAndOrder() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), new ExtractorSettings(List.of("glm", "nope", "hermes"), 100, false));
        assertThat(x.activeDialects()).containsExactly("glm", "hermes");
        Cases.Result r = Cases.run(List.of(WEATHER), new ExtractorSettings(List.of("glm"), 100, true), List.of(CALL));
        assertThat(r.calls()).isEmpty();
        assertThat(r.content()).isEqualTo(CALL);
    }

    @Test
    void noDeclaredToolsMeansNoCallsButReasoningStillWorks() {
        TextCallExtractor x = new TextCallExtractor(List.of(), ExtractorSettings.defaults());
        assertThat(x.activeDialects()).containsExactly("think", "harmony");
        Cases.Result r = Cases.run(List.of(), List.of("<think>a</think>" + CALL));
        assertThat(r.calls()).isEmpty();
        assertThat(r.reasoning()).isEqualTo("a");
        assertThat(r.content()).isEqualTo(CALL);
    }

    @Test
    void holdBackIsBoundedAndOverflowIsReleasedUnchanged() {
        int max = 64;
        ExtractorSettings s = new ExtractorSettings(List.of(), max, true);
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), s);
        List<TextPiece> out = new ArrayList<>();
        String longArgs = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"" + "L".repeat(200) + "\"}}</tool_call>";
        for (int i = 0; i < longArgs.length(); i += 3) {
            x.accept(longArgs.substring(i, Math.min(longArgs.length(), i + 3)), out);
            assertThat(x.heldBackChars()).isLessThanOrEqualTo(max);
        }
        x.accept(" then " + CALL, out);
        x.finish(out);
        Cases.Result r = Cases.summarize(out);
        assertThat(r.calls()).as("the later, short call is still found").hasSize(1);
        assertThat(r.content()).isEqualTo(longArgs + " then ");
    }

    @Test
    void callsSpanningLessThanTheBoundAreFound() {
        Cases.Result r = Cases.run(List.of(WEATHER), new ExtractorSettings(List.of(), CALL.length(), true),
                perChar("Hi " + CALL));
        assertThat(r.calls()).hasSize(1);
    }

    @Test
    void partialTriggerIsHeldAndOtherAngleBracketsAreNot() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("a <tool_", out);
        assertThat(x.heldBackChars()).isEqualTo(6);
        x.accept("box> b <", out);
        assertThat(x.heldBackChars()).isEqualTo(1);
        x.accept("= c", out);
        assertThat(x.heldBackChars()).isZero();
        x.finish(out);
        assertThat(Cases.summarize(out).content()).isEqualTo("a <tool_box> b <= c");
    }

    @Test
    void finishReleasesHeldTextUnchanged() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("x <tool_call>{\"name\": \"get_weather\"", out);
        assertThat(Cases.summarize(out).content()).isEqualTo("x ");
        x.finish(out);
        assertThat(Cases.summarize(out).content()).isEqualTo("x <tool_call>{\"name\": \"get_weather\"");
        assertThat(x.heldBackChars()).isZero();
    }

    @Test
    void surrogatePairsAreNotSplitAcrossPieces() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        String emoji = "😀";
        x.accept("a" + emoji.charAt(0), out);
        x.accept(emoji.charAt(1) + "b", out);
        x.finish(out);
        for (TextPiece p : out) {
            String t = ((TextPiece.Content) p).text();
            assertThat(Character.isHighSurrogate(t.charAt(t.length() - 1))).isFalse();
        }
        assertThat(Cases.summarize(out).content()).isEqualTo("a😀b");
    }

    @Test
    void longStreamsWithTinyDeltasStayFast() {
        String big = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"" + "word } ] ".repeat(6000) + "\"}}</tool_call>";
        String prose = "Some prose with < and [ and { and ` characters. ".repeat(4000);
        long t0 = System.nanoTime();
        for (String text : List.of(big, prose)) {
            TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
            List<TextPiece> out = new ArrayList<>();
            for (int i = 0; i < text.length(); i += 2) {
                x.accept(text.substring(i, Math.min(text.length(), i + 2)), out);
            }
            x.finish(out);
            Cases.Result r = Cases.summarize(out);
            if (text == big) {
                assertThat(r.calls()).hasSize(1);
            } else {
                assertThat(r.content()).isEqualTo(prose);
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("milliseconds").isLessThan(5000);
    }

    @Test
    void feedingAfterFinishIsRejected() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.finish(out);
        assertThat(out).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> x.accept("x", out)).isInstanceOf(IllegalStateException.class);
    }
}
