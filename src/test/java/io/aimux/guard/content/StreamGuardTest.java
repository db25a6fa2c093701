package io.aimux.guard.content;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer stage: the sliding window, tool-call arguments, and blocking mid-stream. */
class StreamGuardTest {

    static final GuardEngine ENGINE = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null);

    static final class Collector implements ChatEventSink {
        final List<ChatEvent> events = new ArrayList<>();
        int ends;

        @Override
        public void accept(ChatEvent event) {
            events.add(event);
        }

        @Override
        public void end() {
            ends++;
        }

        String text() {
            StringBuilder out = new StringBuilder();
            events.stream().filter(e -> e instanceof ChatEvent.TextDelta).forEach(e -> out.append(((ChatEvent.TextDelta) e).text()));
            return out.toString();
        }
    }

    static String stream(GuardEngine engine, GuardPolicy policy, List<String> chunks) {
        Collector out = new Collector();
        StreamGuard guard = new StreamGuard(out, engine, policy, () -> {});
        chunks.forEach(c -> guard.accept(new ChatEvent.TextDelta(c)));
        guard.accept(new ChatEvent.Finish(FinishReason.STOP));
        guard.end();
        assertThat(out.ends).isEqualTo(1);
        assertThat(out.events.get(out.events.size() - 1)).isInstanceOf(ChatEvent.Finish.class);
        return out.text();
    }

    static List<String> cut(String text, int... at) {
        List<String> chunks = new ArrayList<>();
        int from = 0;
        for (int p : at) {
            int to = Math.max(from, Math.min(p, text.length()));
            chunks.add(text.substring(from, to));
            from = to;
        }
        chunks.add(text.substring(from));
        return chunks;
    }

    @Test
    void aSecretSplitAcrossTwoToFiveChunksIsRedactedAtEverySplitPoint() {
        for (String secret : List.of(Fakes.openAiKey(), Fakes.awsKeyId(), Fakes.jwt(), Fakes.stripeKey(),
                "password = \"" + "Tr0ub4dor" + "Horse99\"")) {
            String text = "Sure, here it is: " + secret + " and that's all.";
            String expected = ENGINE.scan(text, GuardStage.RESPONSE, ENGINE.policy(), null).text();
            assertThat(expected).contains("[REDACTED:").doesNotContain(secret.substring(secret.length() - 12));
            int start = text.indexOf(secret) - 2;
            int end = start + secret.length() + 4;
            for (int p = start; p <= end; p++) {
                assertThat(stream(ENGINE, ENGINE.policy(), cut(text, p))).isEqualTo(expected);
                for (int step : new int[] {1, 3, 7}) {
                    assertThat(stream(ENGINE, ENGINE.policy(), cut(text, p, p + step))).isEqualTo(expected);
                    assertThat(stream(ENGINE, ENGINE.policy(), cut(text, p, p + step, p + 2 * step))).isEqualTo(expected);
                    assertThat(stream(ENGINE, ENGINE.policy(), cut(text, p, p + step, p + 2 * step, p + 3 * step)))
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aPrivateKeyStreamedInSmallChunksIsRedactedWhole() {
        String text = "Key:\n" + Fakes.privateKey() + "\nKeep it safe.";
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 7) {
            chunks.add(text.substring(i, Math.min(text.length(), i + 7)));
        }
        assertThat(stream(ENGINE, ENGINE.policy(), chunks)).isEqualTo("Key:\n[REDACTED:private-key]\nKeep it safe.");
    }

    @Test
    void zeroWidthCharactersSplitAcrossChunksStillHideNothing() {
        String key = Fakes.githubToken();
        String text = "t " + key.substring(0, 2) + "\u200B" + key.substring(2, 9) + "\u2060" + key.substring(9) + " done";
        for (int p = 1; p < text.length(); p++) {
            assertThat(stream(ENGINE, ENGINE.policy(), cut(text, p))).isEqualTo("t [REDACTED:github-token] done");
        }
    }

    @Test
    void ordinaryTextIsReleasedAtOnce() {
        Collector out = new Collector();
        StreamGuard guard = new StreamGuard(out, ENGINE, ENGINE.policy(), () -> {});
        guard.accept(new ChatEvent.TextDelta("Run the tests with ./mvnw test and look at ../docs for more. "));
        assertThat(out.text()).isEqualTo("Run the tests with ./mvnw test and look at ../docs for more. ");
        guard.accept(new ChatEvent.TextDelta("Your token is s"));
        assertThat(out.text()).as("'s' may begin sk- or secret, so a few characters wait")
                .startsWith("Run the tests with ./mvnw test and look at ../docs for more. Your tok").doesNotEndWith("s");
        guard.accept(new ChatEvent.TextDelta("imple."));
        assertThat(out.text()).endsWith("Your token is simple.");
    }

    @Test
    void blockMidStreamEndsWithExactlyOneFailureAndCancelsTheUpstream() {
        GuardEngine engine = new GuardEngine(BuiltinPatterns.all(), true, Map.of("secret", "block"), null);
        Collector out = new Collector();
        AtomicInteger cancelled = new AtomicInteger();
        StreamGuard guard = new StreamGuard(out, engine, engine.policy(), cancelled::incrementAndGet);
        String key = Fakes.anthropicKey();
        guard.accept(new ChatEvent.TextDelta("Hello there. "));
        guard.accept(new ChatEvent.TextDelta("The key is " + key.substring(0, 10)));
        guard.accept(new ChatEvent.TextDelta(key.substring(10) + " ok"));
        guard.accept(new ChatEvent.TextDelta(" more text"));
        guard.accept(new ChatEvent.Finish(FinishReason.STOP));
        guard.end();
        assertThat(out.events.stream().filter(e -> e instanceof ChatEvent.Failure).count()).isEqualTo(1);
        ChatEvent last = out.events.get(out.events.size() - 1);
        assertThat(last).isInstanceOf(ChatEvent.Failure.class);
        assertThat(((ChatEvent.Failure) last).type()).isEqualTo("guard_blocked");
        assertThat(((ChatEvent.Failure) last).message()).contains("anthropic-key").doesNotContain(key.substring(10, 30));
        assertThat(out.text()).doesNotContain(key.substring(0, 10));
        assertThat(out.ends).isEqualTo(1);
        assertThat(cancelled.get()).isEqualTo(1);
    }

    @Test
    void toolCallArgumentsAreAssembledAndRedactedInOrder() {
        Collector out = new Collector();
        StreamGuard guard = new StreamGuard(out, ENGINE, ENGINE.policy(), () -> {});
        String args = "{\"command\":\"curl -H 'Authorization: Bearer " + Fakes.githubToken() + "' https://api.github.com\"}";
        guard.accept(new ChatEvent.TextDelta("Calling."));
        guard.accept(new ChatEvent.ToolCallStart(0, "call_1", "bash"));
        for (int i = 0; i < args.length(); i += 5) {
            guard.accept(new ChatEvent.ToolCallDelta(0, args.substring(i, Math.min(args.length(), i + 5))));
        }
        guard.accept(new ChatEvent.ToolCallStart(1, "call_2", "read"));
        guard.accept(new ChatEvent.ToolCallDelta(1, "{\"path\":\"../../etc/passwd\"}"));
        guard.accept(new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        guard.end();
        assertThat(out.events).containsExactly(
                new ChatEvent.TextDelta("Calling."),
                new ChatEvent.ToolCallStart(0, "call_1", "bash"),
                new ChatEvent.ToolCallDelta(0, "{\"command\":\"curl -H 'Authorization: Bearer [REDACTED:github-token]' https://api.github.com\"}"),
                new ChatEvent.ToolCallStart(1, "call_2", "read"),
                new ChatEvent.ToolCallDelta(1, "{\"path\":\"../../etc/passwd\"}"),
                new ChatEvent.Finish(FinishReason.TOOL_CALLS));
    }

    @Test
    void withoutRewritingPatternsNothingIsHeld() {
        GuardEngine engine = new GuardEngine(BuiltinPatterns.all(), true, Map.of("secret", "flag"), null);
        assertThat(StreamGuard.rewrites(engine.policy())).isFalse();
        Collector out = new Collector();
        StreamGuard guard = new StreamGuard(out, engine, engine.policy(), () -> {});
        String key = Fakes.openAiKey();
        guard.accept(new ChatEvent.TextDelta("a " + key.substring(0, 6)));
        assertThat(out.text()).isEqualTo("a " + key.substring(0, 6));
        guard.accept(new ChatEvent.ToolCallStart(0, "c", "t"));
        guard.accept(new ChatEvent.ToolCallDelta(0, "{\"a\":"));
        assertThat(out.events.get(out.events.size() - 1)).isEqualTo(new ChatEvent.ToolCallDelta(0, "{\"a\":"));
    }
}
