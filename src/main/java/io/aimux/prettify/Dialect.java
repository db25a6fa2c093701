package io.aimux.prettify;

import java.util.List;

/**
 * One text format in which models write tool calls. Implementations are stateless: the extractor
 * calls {@link #match} with the held text each time something may have changed.
 *
 * <p>Contract: {@link #match} must be monotone in the text. If it returns {@link Match.NotMarkup}
 * for some text, it must do so for every extension of it; if it returns {@link Match.Complete}
 * with some end, every extension must give the same result; and for every prefix of a text that
 * gives {@code Complete} it must return {@link Match.NeedMore}. This makes the output independent
 * of how the stream is chunked.
 */
public interface Dialect {

    /** Where a trigger token may start. */
    enum Anchor {
        /** Anywhere outside code. */
        ANYWHERE,
        /** Only at the start of a line (after indentation); code fences. */
        LINE_START,
        /** Only when nothing but whitespace (and extracted reasoning) precedes it in the message. */
        MESSAGE_START
    }

    /** A token that may open markup of this dialect. */
    record Trigger(String token, Anchor anchor) {
        public static Trigger anywhere(String token) {
            return new Trigger(token, Anchor.ANYWHERE);
        }
    }

    String id();

    List<Trigger> triggers();

    /** True when the dialect can produce reasoning even when no tools are declared. */
    default boolean yieldsReasoning() {
        return false;
    }

    /**
     * Examine {@code text} from {@code start}, where {@code trigger} has been seen in full.
     * Indices are absolute positions in {@code text}.
     */
    Match match(CharSequence text, int start, Trigger trigger, MatchContext ctx);
}
