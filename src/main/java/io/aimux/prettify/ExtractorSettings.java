package io.aimux.prettify;

import java.util.List;

/**
 * Settings of one {@link TextCallExtractor}.
 *
 * @param dialects          dialect ids in preference order; {@code null} or empty means all of
 *                          {@link Dialects#ids()} in registry order; unknown ids are ignored
 * @param maxHoldBackChars  most characters held back while waiting to see whether markup completes;
 *                          zero or negative means {@link #DEFAULT_MAX_HOLD_BACK}
 * @param extractReasoning  turn a leading {@code <think>}/{@code <thinking>} block (streamed as it
 *                          arrives, see {@link TextCallExtractor}) and harmony analysis messages
 *                          into {@link TextPiece.Reasoning}
 */
public record ExtractorSettings(List<String> dialects, int maxHoldBackChars, boolean extractReasoning) {

    public static final int DEFAULT_MAX_HOLD_BACK = 65536;

    public ExtractorSettings {
        dialects = dialects == null ? List.of() : List.copyOf(dialects);
        if (maxHoldBackChars <= 0) {
            maxHoldBackChars = DEFAULT_MAX_HOLD_BACK;
        }
    }

    public static ExtractorSettings defaults() {
        return new ExtractorSettings(List.of(), DEFAULT_MAX_HOLD_BACK, true);
    }
}
