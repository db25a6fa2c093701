package io.aimux.guard.content;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.testing.FuzzInput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of the guard engine on any text: the one-shot scan at each stage, {@code scrub} for
 * logs, and the answer stage's sliding window.
 *
 * <p>An input is one header byte and the text, UTF-8: bits 0-1 pick the stage of the one-shot
 * scan, the whole byte seeds how the text is cut into stream chunks. Seeds:
 * {@code src/test/resources/io/aimux/guard/content/GuardFuzzTestInputs/} (key-shaped text in seeds
 * is kept short of a real key's shape, so repository secret scanners stay quiet).
 *
 * <p>The properties: nothing throws; a scan's output stays within the input plus its redaction
 * markers; and streaming the text in any chunking leaves nothing a one-shot scan would rewrite and
 * redacts at least as often, so a secret split across chunks never gets through. (The stream may
 * redact more: a left boundary such as "not preceded by a letter" cannot see text released in an
 * earlier delta; the seed {@code left-context-released} is the case fuzzing found.)
 */
class GuardFuzzTest {

    private static final GuardEngine ENGINE = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null);
    private static final GuardStage[] STAGES = {GuardStage.REQUEST, GuardStage.RESPONSE, GuardStage.TOOL_CALL, GuardStage.LOG};

    @FuzzTest(maxDuration = "60s")
    void anyText(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int header = in.nextByte();
        String text = new String(in.rest(), StandardCharsets.UTF_8);
        GuardPolicy policy = ENGINE.policy();

        GuardEngine.Result once = ENGINE.scan(text, STAGES[header & 3], policy, null);
        if (once.blocked() == null) {
            // each redaction replaces at least one character by a marker of bounded length
            assertThat(once.text().length()).isLessThanOrEqualTo(text.length() * 40 + 40);
        }
        assertThat(ENGINE.scrub(text)).isNotNull();

        GuardEngine.Result whole = ENGINE.scan(text, GuardStage.RESPONSE, policy, null);
        if (whole.blocked() == null) {
            String streamed = streamed(text, header, policy);
            // nothing the one-shot scan would rewrite is left in the stream's output ...
            assertThat(ENGINE.scan(streamed, GuardStage.RESPONSE, policy, null).text()).isEqualTo(streamed);
            // ... and the stream redacts at least as often (it may redact a key-shaped word the whole
            // text leaves alone, when the character before it went out in an earlier delta)
            assertThat(markers(streamed)).isGreaterThanOrEqualTo(markers(whole.text()));
        }
    }

    private static int markers(String text) {
        int n = 0;
        for (int i = text.indexOf("[REDACTED:"); i >= 0; i = text.indexOf("[REDACTED:", i + 1)) {
            n++;
        }
        return n;
    }

    private static String streamed(String text, long seed, GuardPolicy policy) {
        StreamGuardTest.Collector out = new StreamGuardTest.Collector();
        StreamGuard guard = new StreamGuard(out, ENGINE, policy, () -> {});
        for (String chunk : chunks(text, seed)) {
            guard.accept(new ChatEvent.TextDelta(chunk));
        }
        guard.accept(new ChatEvent.Finish(FinishReason.STOP));
        guard.end();
        assertThat(out.ends).isEqualTo(1);
        return out.text();
    }

    /** Pieces of 1 to 16 characters, never splitting a surrogate pair (deltas are whole characters). */
    private static List<String> chunks(String text, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int j = Math.min(text.length(), i + 1 + rnd.nextInt(16));
            if (j < text.length() && Character.isHighSurrogate(text.charAt(j - 1))) {
                j++;
            }
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }
}
