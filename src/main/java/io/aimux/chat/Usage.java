package io.aimux.chat;

/**
 * Token counts of one answer. Zero means "not reported". {@code reasoningTokens} is the part of
 * {@code outputTokens} spent on reasoning, when the upstream says so (OpenAI's
 * {@code completion_tokens_details.reasoning_tokens}).
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, long reasoningTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, 0);
    }

    /** Combines a later report with this one: each reported (non-zero) count of {@code later} wins. */
    public Usage merge(Usage later) {
        return new Usage(
                later.inputTokens > 0 ? later.inputTokens : inputTokens,
                later.outputTokens > 0 ? later.outputTokens : outputTokens,
                later.cacheReadTokens > 0 ? later.cacheReadTokens : cacheReadTokens,
                later.cacheWriteTokens > 0 ? later.cacheWriteTokens : cacheWriteTokens,
                later.reasoningTokens > 0 ? later.reasoningTokens : reasoningTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
