package io.aimux.provider.mock;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.chat.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Assembles the event script of one mock answer and counts the generated characters for usage.
 * The script is a few runs of text, not a list of events: each chunk event is made when playback
 * asks for it, so a long answer never exists as thousands of objects at once.
 */
final class ScriptBuilder {

    /** One run of the script: its events, made on demand; {@code delayed} runs wait between chunks. */
    private record Run(Iterator<ChatEvent> events, boolean delayed) {}

    private final List<Run> runs = new ArrayList<>();
    private final long chunkDelayMs;
    private long outputChars;

    /** @param chunkDelayMs pause before every content event but the first (0: next context turn) */
    ScriptBuilder(long chunkDelayMs) {
        this.chunkDelayMs = chunkDelayMs;
    }

    private void add(ChatEvent event) {
        runs.add(new Run(List.of(event).iterator(), true));
    }

    private void chunks(String text, List<String> cutMarkers, Function<String, ChatEvent> event) {
        Iterator<String> chunks = Chunker.chunks(text, cutMarkers);
        runs.add(new Run(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public ChatEvent next() {
                return event.apply(chunks.next());
            }
        }, true));
    }

    ScriptBuilder text(String text, List<String> cutMarkers) {
        chunks(text, cutMarkers, ChatEvent.TextDelta::new);
        outputChars += text.length();
        return this;
    }

    ScriptBuilder text(String text) {
        return text(text, List.of());
    }

    ScriptBuilder thinking(String text) {
        chunks(text, List.of(), ChatEvent.ThinkingDelta::new);
        outputChars += text.length();
        return this;
    }

    ScriptBuilder signature(String signature) {
        add(new ChatEvent.SignatureDelta(signature));
        return this;
    }

    /** A structured call whose JSON arguments arrive in several fragments. */
    ScriptBuilder toolCall(int index, String id, String name, String argumentsJson) {
        add(new ChatEvent.ToolCallStart(index, id, name));
        if (argumentsJson.length() <= 3) {
            for (String fragment : splitInTwo(argumentsJson)) {
                add(new ChatEvent.ToolCallDelta(index, fragment));
            }
        } else {
            chunks(argumentsJson, List.of(), fragment -> new ChatEvent.ToolCallDelta(index, fragment));
        }
        outputChars += name.length() + argumentsJson.length();
        return this;
    }

    private static List<String> splitInTwo(String s) {
        if (s.length() < 2) {
            return List.of(s);
        }
        int half = s.length() / 2;
        return List.of(s.substring(0, half), s.substring(half));
    }

    /** Usage (input as given, output = generated chars/4, at least 1) then the finish, without delay. */
    ScriptBuilder finish(long inputTokens, FinishReason reason, String stopSequence) {
        runs.add(new Run(List.<ChatEvent>of(new ChatEvent.UsageReport(new Usage(inputTokens, Math.max(1, outputChars / 4), 0, 0)),
                new ChatEvent.Finish(reason, stopSequence)).iterator(), false));
        return this;
    }

    /** The script, one step at a time; each iterator may be walked once. */
    Iterator<MockReply.Step> steps() {
        Iterator<Run> remaining = Collections.unmodifiableList(new ArrayList<>(runs)).iterator();
        return new Iterator<>() {
            private Run run;
            private boolean first = true;

            @Override
            public boolean hasNext() {
                while (run == null || !run.events().hasNext()) {
                    if (!remaining.hasNext()) {
                        return false;
                    }
                    run = remaining.next();
                }
                return true;
            }

            @Override
            public MockReply.Step next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long delay = first || !run.delayed() ? 0 : chunkDelayMs;
                first = false;
                return new MockReply.Step(delay, run.events().next());
            }
        };
    }

    /** The whole script as a list, for tests. */
    List<MockReply.Step> list() {
        List<MockReply.Step> all = new ArrayList<>();
        steps().forEachRemaining(all::add);
        return all;
    }
}
