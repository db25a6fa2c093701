package io.aimux.prettify;

import java.util.List;

/**
 * Base of the dialects whose markup runs from a trigger to a fixed closing token: the span ends at
 * the first closing token, and the body before it must parse in full.
 */
abstract class EnclosedDialect implements Dialect {

    /** The token that ends the span. */
    abstract String closeToken();

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
