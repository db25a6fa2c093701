package io.aimux.guard.content;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer window passes plain deltas on without a scan when nothing is held; that shortcut
 * must change nothing: same text out, same findings, for any chunking and every kind of policy.
 */
class TextWindowQuietTest {

    private static final GuardEngine ENGINE = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null);

    /** Key-shaped values are put together here, so no complete one sits in the source. */
    private static List<String> texts() {
        String body = "A1b2C3d4E5f6G7h8J9k0LmNoPqRsTuVwXyZ12";
        return List.of(
                "tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 ".repeat(3),
                "Use the key s" + "k-" + "proj-" + body + " to call it, then stop.",
                "export " + "AKIA" + "ABCDEFGHIJKLMNOP" + " and more text afterwards",
                "card 4111 1111 1111 1111 ends here; mail someone@example.com or +44 20 7946 0958.",
                "password" + "=" + "hunter2hunter2hunter2 and the rest",
                "ｓｋ-fullwidth and zero\u200Bwidth text with émojis 🙂 sk",
                "plain text that ends in a possible anchor start: s",
                "GB82 WEST 1234 5698 7654 32 is an IBAN");
    }

    @Test
    void skippingQuietDeltasChangesNothingUnderAnyPolicy() {
        List<GuardPolicy> policies = List.of(ENGINE.policy(), ENGINE.policy(Map.of("secret", "flag")),
                ENGINE.policy(Map.of("secret", "block")), ENGINE.policy(Map.of("pii", "redact")));
        Random random = new Random(42);
        int compared = 0;
        for (GuardPolicy policy : policies) {
            for (String text : texts()) {
                for (int round = 0; round < 40; round++) {
                    List<String> chunks = chunks(text, random);
                    assertThat(run(policy, chunks, true)).as("%s in %s", text, chunks).isEqualTo(run(policy, chunks, false));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 8 * 40);
    }

    @Test
    void quietTextHasNoAnchorNoCutAnchorNoPrefilterHitAndIsAscii() {
        PatternScanner.QuietText quiet = ENGINE.scanner().quiet(GuardStage.RESPONSE, ENGINE.policy(), true);
        assertThat(quiet).isNotNull();
        assertThat(quiet.test("tok0 tok1 ")).isTrue();
        assertThat(quiet.test("")).isTrue();
        assertThat(quiet.test("here is s" + "k-")).isFalse(); // an anchor
        assertThat(quiet.test("the next word is s")).isFalse(); // the start of an anchor, cut
        assertThat(quiet.test("4111 1111 1111 1111")).isFalse(); // a card number's prefilter
        assertThat(quiet.test("caf\u00e9")).isFalse(); // not ASCII: normalisation may change it
    }

    @Test
    void noShortcutWhenAPatternWithoutAnchorsHoldsText() {
        // redacting card numbers holds text for a pattern without anchors: every delta is scanned
        assertThat(ENGINE.scanner().quiet(GuardStage.RESPONSE, ENGINE.policy(Map.of("pii", "redact")), true)).isNull();
        // a window that does not hold keeps text to count flags across deltas: no shortcut either
        assertThat(ENGINE.scanner().quiet(GuardStage.RESPONSE, ENGINE.policy(Map.of("secret", "flag")), false)).isNull();
    }

    private static List<String> chunks(String text, Random random) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(12));
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            out.add(text.substring(at, end));
            at = end;
        }
        return out;
    }

    /** The released text (a block shows as "BLOCKED:id"), then the report. */
    private static String run(GuardPolicy policy, List<String> chunks, boolean skipQuiet) {
        GuardReport report = new GuardReport();
        TextWindow window = new TextWindow(ENGINE, policy, GuardStage.RESPONSE, report, skipQuiet);
        StringBuilder out = new StringBuilder();
        for (String chunk : chunks) {
            TextWindow.Out step = window.accept(chunk);
            if (step.blocked() != null) {
                return out + "BLOCKED:" + step.blocked().id() + " | " + report.summary();
            }
            out.append(step.text());
        }
        TextWindow.Out last = window.finish();
        if (last.blocked() != null) {
            return out + "BLOCKED:" + last.blocked().id() + " | " + report.summary();
        }
        return out.append(last.text()) + " | " + report.summary();
    }
}
