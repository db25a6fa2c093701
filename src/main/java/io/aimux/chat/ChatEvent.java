package io.aimux.chat;

/**
 * The one internal event model every provider decodes into and every client encoder reads.
 * A stream is a sequence of events ending with exactly one {@link Finish} or {@link Failure}
 * (usage may follow a finish, as OpenAI sends it in a trailing chunk).
 */
public sealed interface ChatEvent {

    /** A piece of the answer text. */
    record TextDelta(String text) implements ChatEvent {}

    /** A piece of visible reasoning (Anthropic thinking, OpenAI-style reasoning_content). */
    record ThinkingDelta(String text) implements ChatEvent {}

    /** Anthropic thinking-block signature; must be round-tripped for multi-turn thinking. */
    record SignatureDelta(String signature) implements ChatEvent {}

    /** Anthropic redacted_thinking block, opaque. */
    record RedactedThinking(String data) implements ChatEvent {}

    /** A tool call begins; {@code index} counts calls from 0 within one answer. */
    record ToolCallStart(int index, String id, String name) implements ChatEvent {}

    /** A fragment of the JSON-encoded arguments of call {@code index}. */
    record ToolCallDelta(int index, String argumentsFragment) implements ChatEvent {}

    /**
     * A content block the gateway does not interpret (server tool use, search results, block types
     * newer than the gateway), as the JSON of its wire start in {@code protocol}. An encoder of
     * the same protocol writes it out unchanged; others leave it out.
     */
    record OpaqueBlock(WireProtocol protocol, String json) implements ChatEvent {}

    /** A delta the gateway does not interpret (of an opaque block, or a citation), as its wire JSON. */
    record OpaqueDelta(WireProtocol protocol, String json) implements ChatEvent {}

    /** Token counts seen so far; later reports refine earlier ones (see {@link Usage#merge}). */
    record UsageReport(Usage usage) implements ChatEvent {}

    /** The answer ended normally. */
    record Finish(FinishReason reason, String stopSequence) implements ChatEvent {
        public Finish(FinishReason reason) {
            this(reason, null);
        }
    }

    /** The answer ended abnormally; terminal. */
    record Failure(String type, String message) implements ChatEvent {}

    /** What an event adds to a collected answer, in characters (a lower bound of its bytes). */
    static long payloadChars(ChatEvent event) {
        if (event instanceof TextDelta t) {
            return t.text().length();
        } else if (event instanceof ThinkingDelta t) {
            return t.text().length();
        } else if (event instanceof ToolCallDelta d) {
            return d.argumentsFragment().length();
        } else if (event instanceof SignatureDelta s) {
            return s.signature().length();
        } else if (event instanceof RedactedThinking r) {
            return r.data().length();
        } else if (event instanceof OpaqueBlock o) {
            return o.json().length();
        } else if (event instanceof OpaqueDelta o) {
            return o.json().length();
        }
        return 0;
    }
}
