package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Shared matching of a JSON call object (or array of them) followed by a closing token. */
final class JsonCalls {

    /** Past this many characters of JSON the extractor waits for the closing token only. */
    static final int EARLY_CHECK_SPAN = 512;

    private JsonCalls() {}

    /**
     * Match a JSON value at {@code i} followed by optional whitespace and {@code close} (when
     * {@code close} is null the span ends with the value).
     */
    static Match match(CharSequence s, int i, String close, boolean strict, boolean argsOptional,
                       String dialect, MatchContext ctx) {
        JsonScan.TopLevel top = new JsonScan.TopLevel();
        int e = JsonScan.scan(s, i, top);
        if (e == JsonScan.INVALID) {
            return Match.NOT_MARKUP;
        }
        if (e == JsonScan.INCOMPLETE) {
            if (!CallObjects.plausible(top, strict, ctx)) {
                return Match.NOT_MARKUP;
            }
            if (CallObjects.nameConfirmed(top, ctx) || s.length() - i > EARLY_CHECK_SPAN) {
                String wait = close != null ? close : (s.charAt(i) == '[' ? "]" : "}");
                return Match.waitFor(wait, i, s.length());
            }
            return Match.NEED_MORE;
        }
        int end = e;
        if (close != null) {
            int j = Scan.skipWs(s, e);
            end = Scan.expect(s, j, close);
            if (end == Scan.MORE) {
                return Match.NEED_MORE;
            }
            if (end == Scan.MISMATCH) {
                return Match.NOT_MARKUP;
            }
        }
        JsonNode node = Json.parse(Scan.slice(s, i, e));
        List<TextPiece> calls = CallObjects.toCalls(node, strict, argsOptional, dialect, ctx);
        return calls == null ? Match.NOT_MARKUP : Match.complete(calls, end);
    }
}
