package io.aimux.provider.mock;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.chat.Usage;
import java.util.ArrayList;
import java.util.List;

/** Assembles the event script of one mock answer and counts the generated characters for usage. */
final class ScriptBuilder {

    private final List<MockReply.Step> steps = new ArrayList<>();
    private final long chunkDelayMs;
    private long outputChars;

    /** @param chunkDelayMs pause before every content event but the first (0: next context turn) */
    ScriptBuilder(long chunkDelayMs) {
        this.chunkDelayMs = chunkDelayMs;
    }

    private void add(ChatEvent event) {
        steps.add(new MockReply.Step(steps.isEmpty() ? 0 : chunkDelayMs, event));
    }

    /** Usage and finish follow the last content event without delay. */
    private void addUndelayed(ChatEvent event) {
        steps.add(new MockReply.Step(0, event));
    }

    ScriptBuilder text(String text, List<String> cutMarkers) {
        for (String chunk : Chunker.split(text, cutMarkers)) {
            add(new ChatEvent.TextDelta(chunk));
        }
        outputChars += text.length();
        return this;
    }

    ScriptBuilder text(String text) {
        return text(text, List.of());
    }

    ScriptBuilder thinking(String text) {
        for (String chunk : Chunker.split(text)) {
            add(new ChatEvent.ThinkingDelta(chunk));
        }
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
        List<String> fragments = argumentsJson.length() <= 3
                ? splitInTwo(argumentsJson)
                : Chunker.split(argumentsJson);
        for (String fragment : fragments) {
            add(new ChatEvent.ToolCallDelta(index, fragment));
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

    /** Usage (input as given, output = generated chars/4, at least 1) then the finish. */
    ScriptBuilder finish(long inputTokens, FinishReason reason, String stopSequence) {
        addUndelayed(new ChatEvent.UsageReport(new Usage(inputTokens, Math.max(1, outputChars / 4), 0, 0)));
        addUndelayed(new ChatEvent.Finish(reason, stopSequence));
        return this;
    }

    List<MockReply.Step> steps() {
        return steps;
    }
}
