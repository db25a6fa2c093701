package io.aimux.prettify;

import java.util.List;

/** What a {@link Dialect} found at a trigger position. */
public sealed interface Match {

    /**
     * Complete markup from the trigger position up to {@code end} (exclusive); it is replaced by
     * {@code pieces} (calls, reasoning, or nothing).
     */
    record Complete(List<TextPiece> pieces, int end) implements Match {
        public Complete {
            pieces = List.copyOf(pieces);
        }
    }

    /**
     * The text so far may still become markup. When {@code waitFor} is not null, the verdict cannot
     * change before that token occurs at or after index {@code waitFrom}, so the extractor does not
     * ask again until it does (this keeps long held spans from being rescanned on every delta).
     */
    record NeedMore(String waitFor, int waitFrom) implements Match {}

    /** The text at the trigger position is not (and can no longer become) markup of this dialect. */
    record NotMarkup() implements Match {}

    /**
     * The trigger opens a reasoning block: the text from {@code bodyStart} up to the first
     * {@code closeToken} is reasoning, streamed as it arrives (see {@link TextCallExtractor}); the
     * close token ends the block. Like {@link Complete} this verdict must hold for every extension
     * of the text.
     */
    record OpenReasoning(int bodyStart, String closeToken) implements Match {
        public OpenReasoning {
            if (closeToken == null || closeToken.isEmpty()) {
                throw new IllegalArgumentException("closeToken must not be empty");
            }
        }
    }

    Match NOT_MARKUP = new NotMarkup();
    Match NEED_MORE = new NeedMore(null, 0);

    static Match complete(List<TextPiece> pieces, int end) {
        return new Complete(pieces, end);
    }

    /** Wait until {@code token} appears; {@code scannedUpTo} is the buffer length already inspected. */
    static Match waitFor(String token, int from, int scannedUpTo) {
        return new NeedMore(token, Math.max(from, scannedUpTo - token.length() + 1));
    }
}
