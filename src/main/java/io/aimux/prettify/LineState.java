package io.aimux.prettify;

/**
 * Markdown context of the released text, fed one character at a time without look-ahead: whether
 * we are at the start of the message or of a line, inside a fenced code block or inside an inline
 * code span. Markup inside code is content (except the fenced-json shape, which the fenced-json
 * dialect recognises at the opening fence).
 *
 * <p>A run of backticks or tildes is only interpreted once the next character shows where it
 * ends ({@link #settle}). At the start of a line a run of three or more opens a fence that lasts
 * until a line holding only a run of at least as many of the same character. Elsewhere a backtick
 * run opens an inline code span that a run of the same length closes; a line break ends it too.
 */
final class LineState {

    private boolean messageHasText;
    private boolean lineHasText;
    private char runChar;
    private int runLength;
    private boolean runAtLineStart;
    private char fenceChar;
    private int fenceLength;
    private boolean closingFenceLine;
    private int inlineTicks;

    /** Interpret a pending run if {@code next} ends it. Idempotent. */
    void settle(char next) {
        if (runLength > 0 && next != runChar) {
            finishRun();
        }
    }

    private void finishRun() {
        if (fenceLength == 0) {
            if (runAtLineStart && runLength >= 3) {
                fenceChar = runChar;
                fenceLength = runLength;
                inlineTicks = 0;
                closingFenceLine = false;
            } else if (runChar == '`') {
                if (inlineTicks == 0) {
                    inlineTicks = runLength;
                } else if (inlineTicks == runLength) {
                    inlineTicks = 0;
                }
            }
        } else if (runAtLineStart && runChar == fenceChar && runLength >= fenceLength) {
            closingFenceLine = true;
        }
        runLength = 0;
    }

    /** Account for {@code c}, released as content. Call {@link #settle} first. */
    void advance(char c) {
        if (c == '\n') {
            if (fenceLength > 0 && closingFenceLine) {
                fenceLength = 0;
            }
            closingFenceLine = false;
            lineHasText = false;
            inlineTicks = 0;
            return;
        }
        if (c == '`' || c == '~') {
            if (runLength == 0) {
                runChar = c;
                runAtLineStart = !lineHasText;
            }
            runLength++;
            lineHasText = true;
            messageHasText = true;
            return;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            return;
        }
        closingFenceLine = false;
        lineHasText = true;
        messageHasText = true;
    }

    /** Account for a span replaced by extracted pieces. */
    void afterMarkup(boolean reasoningOnly) {
        runLength = 0;
        inlineTicks = 0;
        closingFenceLine = false;
        if (!reasoningOnly) {
            lineHasText = true;
            messageHasText = true;
        }
    }

    /** Inside a fenced block or an inline code span (after {@link #settle}). */
    boolean inCode() {
        return fenceLength > 0 || inlineTicks > 0;
    }

    boolean messageHasText() {
        return messageHasText;
    }

    /** True at the start of a line (only indentation so far) where no run is pending. */
    boolean atLineStart() {
        return !lineHasText && runLength == 0;
    }

    boolean inRun() {
        return runLength > 0;
    }
}
