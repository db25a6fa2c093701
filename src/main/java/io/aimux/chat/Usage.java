package io.aimux.chat;

/** Token counts of one answer. Zero means "not reported". */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Combines a later report with this one: each reported (non-zero) count of {@code later} wins. */
    public Usage merge(Usage later) {
        return new Usage(
                later.inputTokens > 0 ? later.inputTokens : inputTokens,
                later.outputTokens > 0 ? later.outputTokens : outputTokens,
                later.cacheReadTokens > 0 ? later.cacheReadTokens : cacheReadTokens,
                later.cacheWriteTokens > 0 ? later.cacheWriteTokens : cacheWriteTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
