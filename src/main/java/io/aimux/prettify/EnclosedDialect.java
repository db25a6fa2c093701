package io.aimux.prettify;

import java.util.List;

/**
 * Base of the dialects whose markup runs from a trigger to a fixed closing token: the span ends at
 * the first closing token, and the body before it must parse in full.
 */
abstract class EnclosedDialect implements Dialect {

    private final String id;
    private final List<Trigger> triggers;
    private final String closeToken;

    /** A dialect whose span starts at {@code open} anywhere in the text and ends at {@code close}. */
    EnclosedDialect(String id, String open, String close) {
        this.id = id;
        this.triggers = List.of(Trigger.anywhere(open));
        this.closeToken = close;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<Trigger> triggers() {
        return triggers;
    }

    /** The token that ends the span. */
    final String closeToken() {
        return closeToken;
    }

    /**
     * Parse the body. Return the pieces, or null when it is not valid markup; on an open cursor,
     * set {@link Cursor#more} when the text so far may still become valid, and
     * {@link Cursor#confirmed} once a declared tool has been named.
     */
    abstract List<TextPiece> parseBody(Cursor c, MatchContext ctx);

    @Override
    public Match match(CharSequence text, int start, Trigger trigger, MatchContext ctx) {
        int bodyStart = start + trigger.token().length();
        String close = closeToken();
        int closeAt = Scan.indexOf(text, close, bodyStart);
        if (closeAt >= 0) {
            Cursor c = Cursor.bounded(text, bodyStart, closeAt);
            List<TextPiece> pieces = parseBody(c, ctx);
            if (pieces == null || pieces.isEmpty()) {
                return Match.NOT_MARKUP;
            }
            return Match.complete(pieces, closeAt + close.length());
        }
        Cursor c = Cursor.open(text, bodyStart);
        List<TextPiece> pieces = parseBody(c, ctx);
        if (pieces == null && !c.more) {
            return Match.NOT_MARKUP;
        }
        return c.confirmed ? Match.waitFor(close, bodyStart, text.length()) : Match.NEED_MORE;
    }
}
