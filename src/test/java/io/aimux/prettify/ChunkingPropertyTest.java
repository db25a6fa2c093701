package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property checks with fixed seeds: the output does not depend on how the text is chunked, and
 * text without complete markup comes back byte-identical.
 */
class ChunkingPropertyTest {

    private static final List<ToolSpec> TOOLS = List.of(
            new ToolSpec("get_weather", Cases.parse(
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}")),
            new ToolSpec("search", null));

    /** Random cut points, biased to cut often (including single characters and surrogate halves). */
    static List<String> randomSplit(String text, Random rnd) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int maxLen = 1 + rnd.nextInt(12);
        while (i < text.length()) {
            int len = 1 + rnd.nextInt(maxLen);
            int j = Math.min(text.length(), i + len);
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }

    @Test
    void everyCaseGivesTheSameOutputForRandomChunkings() {
        Random rnd = new Random(20251124L);
        int runs = 0;
        for (Cases.Case c : Cases.load()) {
            for (boolean reasoning : new boolean[] {true, false}) {
                ExtractorSettings settings = new ExtractorSettings(List.of(), 65536, reasoning);
                String text = c.text();
                Cases.Result whole = Cases.run(c.tools(), settings, List.of(text));
                for (int k = 0; k < 40; k++) {
                    List<String> chunks = randomSplit(text, rnd);
                    Cases.Result split = Cases.run(c.tools(), settings, chunks);
                    assertThat(split.pieces()).as("%s split as %s", c.id(), chunks).isEqualTo(whole.pieces());
                    runs++;
                }
            }
        }
        assertThat(runs).isGreaterThan(1000);
    }

    private static final String[] FRAGMENTS = {
            "<", ">", "</", "[", "]", "{", "}", "`", "``", "```", "```json\n", "```python\n", "~~~\n", "\n", " ",
            "\t", "\n\n", ";", "\"", ":", ",", "|", "<|", "|>", "=",
            "<tool_call>", "</tool_call>", "<tool_", "<tool_call", "</tool_c", "<function=", "<function=get_weather>",
            "<parameter=city>", "</parameter>", "</function>", "<arg_key>", "</arg_key>", "<arg_value>",
            "</arg_value>", "<function_calls>", "</function_calls>", "<invoke name=\"get_weather\">", "</invoke>",
            "<parameter name=\"city\">", "[TOOL_CALLS]", "[TOOL_", "[ARGS]", "[CALL_ID]", "<|python_tag|>",
            "<|python", "<think>", "</think>", "<thinking>", "<thi",
            "<\uFF5Ctool\u2581calls\u2581begin\uFF5C>", "<\uFF5Ctool\u2581call\u2581begin\uFF5C>",
            "<\uFF5Ctool\u2581sep\uFF5C>", "<\uFF5Ctool\u2581call\u2581end\uFF5C>", "<\uFF5Ctool\u2581calls\u2581end\uFF5C>",
            "<\uFF5Ctool\u2581", "\uFF5C", "\u2581",
            "<|tool_calls_section_begin|>", "<|tool_call_begin|>", "<|tool_call_argument_begin|>", "<|tool_call_end|>",
            "<|tool_calls_section_end|>", "<|tool_calls_sec", "functions.get_weather:0",
            "<|start|>", "<|channel|>", "<|message|>", "<|constrain|>", "<|call|>", "<|end|>", "assistant",
            "commentary to=functions.get_weather ", "analysis", "final", "json",
            "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"", "{\"name\": \"get_weather\"",
            "{\"name\": \"other\", \"arguments\": {}}", "\"arguments\": ", "{\"city\": \"Paris\"}", "get_weather",
            "search", "Hello", "world", "the", "café", "naïve", "北京", "天气", "😀", "👍🏽", "\uD83D", "e\u0301",
            "x < y", "a > b", "2>&1", "<div>", "<span>", "<br/>", "if (a<b) {", "}", "[link](http://x)",
            "{\"a\": [1, 2, {\"b\": null}]}", "null", "true", "3.14", "-0", "\\", "\\\"",
    };

    static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
        }
        return sb.toString();
    }

    @Test
    void textWithoutCompleteMarkupComesBackUnchangedForAnyChunking() {
        Random rnd = new Random(42L);
        int unchanged = 0;
        int total = 3000;
        for (int t = 0; t < total; t++) {
            String text = randomText(rnd);
            boolean reasoning = rnd.nextBoolean();
            List<ToolSpec> tools = rnd.nextInt(5) == 0 ? List.of() : TOOLS;
            ExtractorSettings settings = new ExtractorSettings(List.of(), 65536, reasoning);
            Cases.Result whole = Cases.run(tools, settings, List.of(text));
            for (int k = 0; k < 5; k++) {
                List<String> chunks = randomSplit(text, rnd);
                Cases.Result split = Cases.run(tools, settings, chunks);
                assertThat(split.pieces()).as("text %s split as %s", text, chunks).isEqualTo(whole.pieces());
            }
            if (whole.calls().isEmpty() && whole.reasoning().isEmpty()) {
                assertThat(whole.content()).as("unchanged: %s", text).isEqualTo(text);
                unchanged++;
            }
        }
        assertThat(unchanged).as("most random texts hold no complete markup").isGreaterThan(total / 2);
    }

    @Test
    void markupMixedWithNoiseGivesTheSameOutputForRandomChunkings() {
        Random rnd = new Random(99L);
        List<Cases.Case> cases = Cases.load();
        int extracted = 0;
        for (int t = 0; t < 600; t++) {
            Cases.Case a = cases.get(rnd.nextInt(cases.size()));
            Cases.Case b = cases.get(rnd.nextInt(cases.size()));
            List<ToolSpec> tools = new ArrayList<>(a.tools());
            tools.addAll(b.tools());
            String text = (rnd.nextBoolean() ? "" : randomText(rnd)) + a.text()
                    + (rnd.nextBoolean() ? "\n" : randomText(rnd)) + b.text();
            ExtractorSettings settings = new ExtractorSettings(List.of(), 65536, rnd.nextBoolean());
            Cases.Result whole = Cases.run(tools, settings, List.of(text));
            if (!whole.calls().isEmpty()) {
                extracted++;
            }
            for (int k = 0; k < 4; k++) {
                List<String> chunks = randomSplit(text, rnd);
                assertThat(Cases.run(tools, settings, chunks).pieces()).as("%s split as %s", text, chunks)
                        .isEqualTo(whole.pieces());
            }
            if (whole.calls().isEmpty() && whole.reasoning().isEmpty()) {
                assertThat(whole.content()).isEqualTo(text);
            }
        }
        assertThat(extracted).isGreaterThan(100);
    }

    @Test
    void leadingReasoningGivesTheSameOutputForRandomChunkingsAndIsNeverHeld() {
        Random rnd = new Random(314L);
        String[] opens = {"<think>", "<thinking>", "\n<think>", "  <thinking>\n"};
        String[] closeTags = {"</think>", "</thinking>", "", "</thi"};
        for (int t = 0; t < 800; t++) {
            int kind = rnd.nextInt(opens.length);
            String thought = randomText(rnd).replace("</think", "</th_nk");
            String close = closeTags[rnd.nextInt(closeTags.length)];
            String text = opens[kind] + thought + close + (rnd.nextBoolean() ? randomText(rnd) : "");
            boolean closes = text.contains(opens[kind].contains("thinking") ? "</thinking>" : "</think>");
            Cases.Result whole = Cases.run(TOOLS, ExtractorSettings.defaults(), List.of(text));
            if (!closes) {
                assertThat(whole.content()).as("no content after an unclosed block: %s", text)
                        .isEqualTo(opens[kind].substring(0, opens[kind].indexOf('<')));
            }
            for (int k = 0; k < 4; k++) {
                List<String> chunks = randomSplit(text, rnd);
                TextCallExtractor x = new TextCallExtractor(TOOLS, ExtractorSettings.defaults());
                List<TextPiece> out = new ArrayList<>();
                int received = 0;
                for (String ch : chunks) {
                    x.accept(ch, out);
                    received += ch.length();
                    if (!closes && received >= opens[kind].length()) {
                        // inside the block: at most a partial closing tag (or half a surrogate pair) is held
                        assertThat(x.heldBackChars()).as("%s split as %s", text, chunks)
                                .isLessThanOrEqualTo("</thinking".length());
                    }
                }
                x.finish(out);
                assertThat(Cases.summarize(out).pieces()).as("%s split as %s", text, chunks).isEqualTo(whole.pieces());
            }
        }
    }

    @Test
    void plainProseIsReleasedAtOnceWithoutHolding() {
        Random rnd = new Random(7L);
        String[] words = {"the", "tool", "call", "x < y", "a>b", "`code`", "[note]", "{braces}", "<b>", "\n", "😀"};
        for (int t = 0; t < 200; t++) {
            StringBuilder sb = new StringBuilder("Answer: ");
            for (int i = 0; i < 30; i++) {
                sb.append(words[rnd.nextInt(words.length)]).append(' ');
            }
            TextCallExtractor x = new TextCallExtractor(TOOLS, ExtractorSettings.defaults());
            List<TextPiece> out = new ArrayList<>();
            for (String ch : randomSplit(sb.toString(), rnd)) {
                x.accept(ch, out);
                assertThat(x.heldBackChars()).as("held after %s", ch).isLessThanOrEqualTo(1);
            }
            x.finish(out);
            assertThat(Cases.summarize(out).content()).isEqualTo(sb.toString());
        }
    }
}
