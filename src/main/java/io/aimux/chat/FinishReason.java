package io.aimux.chat;

/** Why an answer ended, in protocol-neutral terms. */
public enum FinishReason {
    STOP("stop", "end_turn"),
    STOP_SEQUENCE("stop", "stop_sequence"),
    LENGTH("length", "max_tokens"),
    TOOL_CALLS("tool_calls", "tool_use"),
    CONTENT_FILTER("content_filter", "refusal");

    private final String openAi;
    private final String anthropic;

    FinishReason(String openAi, String anthropic) {
        this.openAi = openAi;
        this.anthropic = anthropic;
    }

    public String openAi() {
        return openAi;
    }

    public String anthropic() {
        return anthropic;
    }

    /** Maps an OpenAI {@code finish_reason}; unknown values count as a normal stop. */
    public static FinishReason fromOpenAi(String value) {
        if (value == null) {
            return STOP;
        }
        return switch (value) {
            case "length" -> LENGTH;
            case "tool_calls", "function_call" -> TOOL_CALLS;
            case "content_filter" -> CONTENT_FILTER;
            default -> STOP;
        };
    }

    /** Maps an Anthropic {@code stop_reason}; unknown values count as a normal stop. */
    public static FinishReason fromAnthropic(String value) {
        if (value == null) {
            return STOP;
        }
        return switch (value) {
            case "max_tokens", "model_context_window_exceeded" -> LENGTH;
            case "tool_use" -> TOOL_CALLS;
            case "stop_sequence" -> STOP_SEQUENCE;
            case "refusal" -> CONTENT_FILTER;
            default -> STOP;
        };
    }
}
