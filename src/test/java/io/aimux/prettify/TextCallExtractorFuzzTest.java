package io.aimux.prettify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of {@link TextCallExtractor}.
 *
 * <p>{@code ./mvnw verify} runs them in Jazzer's regression mode: each test is run once per seed
 * in {@code src/test/resources/io/aimux/prettify/TextCallExtractorFuzzTestInputs/} (the files
 * directly in that folder are used by every test; a sub-folder named after a test method holds
 * that test's own seeds) plus an empty input, with no fuzzing engine involved; the build turns
 * Jazzer's instrumentation hooks off ({@code jazzer.hooks=false} in the pom) to keep that fast.
 * To fuzz for real, run one test with {@code JAZZER_FUZZ=1} and the hooks on, e.g.
 * {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=TextCallExtractorFuzzTest#chunkingDoesNotMatter -Djazzer.hooks=true}
 * (five minutes by default; the generated corpus goes to {@code .cifuzz-corpus/}). A failing
 * input is written as {@code crash-*} to the inputs folder of that method: give it a telling
 * name and commit it, and every build replays it.
 *
 * <p>An input is three header bytes followed by the text, UTF-8 encoded (malformed bytes decode
 * to U+FFFD). Header: byte 0 holds options (bit 0: reasoning extraction on; bit 1: no tools
 * declared; bits 2-3: hold-back limit of the default, 16, 64 or 300 characters); byte 1 gives the
 * longest chunk, {@code 1 + (b & 31)} characters (the text is cut at char boundaries, so a
 * surrogate pair may be split across deltas); byte 2 seeds the choice of cut points. Seed files
 * start with printable header characters, e.g. {@code "@(k"} is: reasoning off, tools declared,
 * default limit, chunks of up to 9 characters.
 */
class TextCallExtractorFuzzTest {

    static final List<ToolSpec> TOOLS = List.of(
            new ToolSpec("get_weather", Cases.parse(
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}")),
            new ToolSpec("search", null));

    private static final int[] HOLD_LIMITS = {ExtractorSettings.DEFAULT_MAX_HOLD_BACK, 16, 64, 300};

    /** A decoded fuzz input. */
    record Input(String text, List<String> chunks, List<ToolSpec> tools, boolean reasoning, int maxHold) {

        static Input decode(byte[] data) {
            int options = data.length > 0 ? data[0] & 0xFF : 0;
            int longestChunk = 1 + (data.length > 1 ? data[1] & 31 : 7);
            long seed = data.length > 2 ? data[2] : 0;
            int start = Math.min(3, data.length);
            String text = new String(data, start, data.length - start, StandardCharsets.UTF_8);
            Random rnd = new Random(seed);
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < text.length(); ) {
                int j = Math.min(text.length(), i + 1 + rnd.nextInt(longestChunk));
                chunks.add(text.substring(i, j));
                if (rnd.nextInt(16) == 0) {
                    chunks.add(""); // empty deltas happen (role-only or keep-alive events)
                }
                i = j;
            }
            boolean reasoning = (options & 1) != 0;
            List<ToolSpec> tools = (options & 2) != 0 ? List.of() : TOOLS;
            int maxHold = HOLD_LIMITS[(options >> 2) & 3];
            return new Input(text, chunks, tools, reasoning, maxHold);
        }
    }

    /** Feeds the chunks, checking the hold-back bound after every delta; returns all pieces. */
    private static List<TextPiece> feed(List<ToolSpec> tools, ExtractorSettings settings, List<String> chunks) {
        TextCallExtractor x = new TextCallExtractor(tools, settings);
        List<TextPiece> out = new ArrayList<>();
        for (String chunk : chunks) {
            x.accept(chunk, out);
            assertThat(x.heldBackChars()).as("held back after %s", chunk).isLessThanOrEqualTo(settings.maxHoldBackChars());
        }
        x.finish(out);
        assertThat(x.heldBackChars()).as("held back after finish").isZero();
        return out;
    }

    /**
     * Whatever the text and its chunking: no exception, never more than the limit held back,
     * nothing held after finish, calls only for declared tools with a JSON object as arguments.
     * Without calls, the content is the input exactly when reasoning extraction is off; when it is
     * on, content and reasoning in stream order are the input with only tags left out (a
     * subsequence of it), since a think block, even an empty or unclosed one, loses its tags.
     */
    @FuzzTest
    void extractionIsSafeAndLossless(byte[] data) {
        Input in = Input.decode(data);
        ExtractorSettings settings = new ExtractorSettings(List.of(), in.maxHold(), in.reasoning());
        List<TextPiece> pieces = feed(in.tools(), settings, in.chunks());
        Cases.Result r = Cases.summarize(pieces);
        for (TextPiece.Call call : r.calls()) {
            assertThat(in.tools().stream().map(ToolSpec::name)).contains(call.name());
            JsonNode args = Cases.parse(call.argumentsJson());
            assertThat(args.isObject()).as("arguments %s", call.argumentsJson()).isTrue();
            assertThat(Dialects.ids()).contains(call.dialect());
        }
        if (!r.calls().isEmpty()) {
            return;
        }
        if (!in.reasoning()) {
            assertThat(r.reasoning()).isEmpty();
            assertThat(r.content()).isEqualTo(in.text());
            return;
        }
        StringBuilder texts = new StringBuilder();
        for (TextPiece p : pieces) {
            texts.append(p instanceof TextPiece.Content c ? c.text() : ((TextPiece.Reasoning) p).text());
        }
        assertThat(isSubsequence(texts, in.text())).as("%s is what is left of %s", texts, in.text()).isTrue();
    }

    private static boolean isSubsequence(CharSequence part, String whole) {
        int j = 0;
        for (int i = 0; i < part.length(); i++) {
            while (j < whole.length() && whole.charAt(j) != part.charAt(i)) {
                j++;
            }
            if (j == whole.length()) {
                return false;
            }
            j++;
        }
        return true;
    }

    /**
     * The text in one delta, in the chunks given by the input, and character by character gives
     * the same pieces (consecutive content and consecutive reasoning merged). The hold-back limit
     * is set above the text length, since markup longer than the limit is found in one delta but
     * given up on when it trickles in.
     */
    @FuzzTest
    void chunkingDoesNotMatter(byte[] data) {
        Input in = Input.decode(data);
        int maxHold = Math.max(ExtractorSettings.DEFAULT_MAX_HOLD_BACK, in.text().length() + 1);
        ExtractorSettings settings = new ExtractorSettings(List.of(), maxHold, in.reasoning());
        List<TextPiece> whole = Cases.summarize(feed(in.tools(), settings, List.of(in.text()))).pieces();
        assertThat(Cases.summarize(feed(in.tools(), settings, in.chunks())).pieces())
                .as("split as %s", in.chunks()).isEqualTo(whole);
        List<String> perChar = new ArrayList<>();
        for (int i = 0; i < in.text().length(); i++) {
            perChar.add(String.valueOf(in.text().charAt(i)));
        }
        assertThat(Cases.summarize(feed(in.tools(), settings, perChar)).pieces()).as("char by char").isEqualTo(whole);
    }

    /** The seeds are worth replaying: together they make every dialect produce a call, and reasoning. */
    @Test
    void seedsReachEveryDialect() throws IOException, URISyntaxException {
        Path dir = Path.of(TextCallExtractorFuzzTest.class.getResource("TextCallExtractorFuzzTestInputs").toURI());
        Set<String> dialects = new TreeSet<>();
        boolean reasoning = false;
        int seeds = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Input in = Input.decode(Files.readAllBytes(f));
                ExtractorSettings settings = new ExtractorSettings(List.of(), in.maxHold(), in.reasoning());
                Cases.Result r = Cases.summarize(feed(in.tools(), settings, in.chunks()));
                r.calls().forEach(c -> dialects.add(c.dialect()));
                reasoning |= !r.reasoning().isEmpty();
                seeds++;
            }
        }
        assertThat(seeds).isGreaterThanOrEqualTo(20);
        assertThat(dialects).containsExactlyInAnyOrderElementsOf(Dialects.ids());
        assertThat(reasoning).isTrue();
    }
}
