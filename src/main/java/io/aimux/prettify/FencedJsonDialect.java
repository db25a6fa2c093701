package io.aimux.prettify;

import java.util.List;

/**
 * A {@code ```json} code block whose whole body is a call object {@code {"name", "arguments"}} (or
 * {@code "parameters"}) or an array of them, naming declared tools. Only call members are allowed
 * (name, arguments/parameters, id, type), so ordinary JSON examples stay in the answer. Any other
 * code block is content; the extractor releases it as soon as its info string or first character
 * rules this shape out.
 */
final class FencedJsonDialect implements Dialect {

    static final String ID = "fenced-json";
    private static final String FENCE = "```";
    private static final String INFO = "json";
    private static final int MAX_INFO = 32;

    private static final List<Trigger> TRIGGERS = List.of(new Trigger(FENCE, Anchor.LINE_START));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Trigger> triggers() {
        return TRIGGERS;
    }

    @Override
    public Match match(CharSequence s, int start, Trigger trigger, MatchContext ctx) {
        int n = s.length();
        int k = start;
        while (k < n && s.charAt(k) == '`') {
            k++;
        }
        int fence = k - start;
        int nl = Scan.indexOf(s, '\n', k, Math.min(n, k + MAX_INFO));
        if (nl < 0) {
            if (n - k >= MAX_INFO) {
                return Match.NOT_MARKUP;
            }
            String info = Scan.slice(s, k, n).stripLeading();
            boolean ended = !info.isEmpty() && Scan.isWs(info.charAt(info.length() - 1));
            info = Scan.trim(info);
            boolean ok = ended ? info.equalsIgnoreCase(INFO)
                    : info.length() <= INFO.length() && INFO.regionMatches(true, 0, info, 0, info.length());
            return ok ? Match.NEED_MORE : Match.NOT_MARKUP;
        }
        if (!Scan.trim(Scan.slice(s, k, nl)).equalsIgnoreCase(INFO)) {
            return Match.NOT_MARKUP;
        }
        int i = Scan.skipWs(s, nl + 1);
        if (i >= n) {
            return Match.NEED_MORE;
        }
        char first = s.charAt(i);
        if (first != '{' && first != '[') {
            return Match.NOT_MARKUP;
        }
        JsonScan.TopLevel top = new JsonScan.TopLevel();
        int e = JsonScan.scan(s, i, top);
        if (e == JsonScan.INVALID) {
            return Match.NOT_MARKUP;
        }
        if (e == JsonScan.INCOMPLETE) {
            if (!CallObjects.plausible(top, true, ctx)) {
                return Match.NOT_MARKUP;
            }
            boolean settled = CallObjects.nameConfirmed(top, ctx) || n - i > JsonCalls.EARLY_CHECK_SPAN;
            return settled ? Match.waitFor(FENCE, i, n) : Match.NEED_MORE;
        }
        int j = Scan.skipWs(s, e);
        int r = j;
        while (r < n && s.charAt(r) == '`') {
            r++;
        }
        if (r >= n && (r - j < fence || !ctx.finished())) {
            return Match.NEED_MORE; // the closing fence may still grow
        }
        if (r - j < fence) {
            return Match.NOT_MARKUP;
        }
        List<TextPiece> calls = CallObjects.toCalls(Json.parse(Scan.slice(s, i, e)), true, false, ID, ctx);
        return calls == null ? Match.NOT_MARKUP : Match.complete(calls, r);
    }
}
