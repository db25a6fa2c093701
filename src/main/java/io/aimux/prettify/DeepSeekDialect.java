package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeek, with its full-width special tokens. Inside
 * {@code <｜tool▁calls▁begin｜>…<｜tool▁calls▁end｜>} each call is
 * {@code <｜tool▁call▁begin｜>…<｜tool▁call▁end｜>} holding either the V3/R1 form
 * {@code function<｜tool▁sep｜>NAME\n```json\n{…}\n```} or the V3.1 form
 * {@code NAME<｜tool▁sep｜>{…}}.
 */
final class DeepSeekDialect extends EnclosedDialect {

    static final String ID = "deepseek";
    static final String OPEN = "<\uFF5Ctool\u2581calls\u2581begin\uFF5C>";
    static final String CLOSE = "<\uFF5Ctool\u2581calls\u2581end\uFF5C>";
    static final String CALL = "<\uFF5Ctool\u2581call\u2581begin\uFF5C>";
    static final String CALL_END = "<\uFF5Ctool\u2581call\u2581end\uFF5C>";
    static final String SEP = "<\uFF5Ctool\u2581sep\uFF5C>";
    private static final String TYPE = "function";

    DeepSeekDialect() {
        super(ID, OPEN, CLOSE);
    }

    @Override
    List<TextPiece> parseBody(Cursor c, MatchContext ctx) {
        List<TextPiece> calls = new ArrayList<>();
        while (true) {
            c.ws();
            if (c.atEnd()) {
                return c.open || calls.isEmpty() ? null : calls;
            }
            if (!c.lit(CALL)) {
                return null;
            }
            int callEnd = Scan.indexOf(c.s, CALL_END, c.i);
            if (callEnd < 0 || callEnd + CALL_END.length() > c.limit) {
                if (c.open) {
                    early(c, ctx);
                }
                return null;
            }
            int sep = Scan.indexOf(c.s, SEP, c.i);
            if (sep < 0 || sep + SEP.length() > callEnd) {
                return null;
            }
            String left = Scan.trim(c.slice(c.i, sep));
            String right = Scan.trim(c.slice(sep + SEP.length(), callEnd));
            String name;
            String json;
            if (right.startsWith("{")) {
                name = left;
                json = right;
            } else {
                if (!left.equals(TYPE)) {
                    return null;
                }
                int nl = right.indexOf('\n');
                name = Scan.trim(nl < 0 ? right : right.substring(0, nl));
                json = nl < 0 ? "" : unfence(Scan.trim(right.substring(nl + 1)));
                if (json == null) {
                    return null;
                }
            }
            if (!ctx.isDeclared(name)) {
                return null;
            }
            JsonNode args = json.isEmpty() ? CallObjects.newObject() : Json.parseObject(json);
            if (args == null) {
                return null;
            }
            calls.add(new TextPiece.Call(null, name, Json.write(args), ID));
            c.i = callEnd + CALL_END.length();
        }
    }

    /** Checks the head of a call that has not ended yet; sets more/confirmed on the cursor. */
    private static void early(Cursor c, MatchContext ctx) {
        int sep = Scan.indexOf(c.s, SEP, c.i);
        if (sep < 0) {
            String left = Scan.trim(c.slice(c.i, c.limit));
            if (left.indexOf('<') >= 0 && !SEP.startsWith(left.substring(left.indexOf('<')))) {
                return;
            }
            String head = left.indexOf('<') >= 0 ? Scan.trim(left.substring(0, left.indexOf('<'))) : left;
            if (!Cursor.containsWs(head) && (TYPE.startsWith(head) || ctx.isDeclaredPrefix(head))) {
                c.more = true;
            }
            return;
        }
        String left = Scan.trim(c.slice(c.i, sep));
        int k = Scan.skipWs(c.s, sep + SEP.length());
        if (k >= c.limit) {
            if (left.equals(TYPE) || ctx.isDeclared(left)) {
                c.more = true;
            }
            return;
        }
        if (c.s.charAt(k) == '{') {
            if (ctx.isDeclared(left)) {
                c.more = true;
                c.confirmed = true;
            }
            return;
        }
        if (!left.equals(TYPE)) {
            return;
        }
        int nl = Scan.indexOf(c.s, '\n', k, c.limit);
        String name = Scan.trim(c.slice(k, nl < 0 ? c.limit : nl));
        if (nl < 0 ? ctx.isDeclaredPrefix(name) && !Cursor.containsWs(name) : ctx.isDeclared(name)) {
            c.more = true;
            c.confirmed = nl >= 0;
        }
    }

    /** The JSON inside an optional ```json fence; null when a fence is opened but not closed. */
    static String unfence(String body) {
        if (!body.startsWith("```")) {
            return body;
        }
        int nl = body.indexOf('\n');
        if (nl < 0 || !body.endsWith("```") || body.length() < nl + 4) {
            return null;
        }
        return Scan.trim(body.substring(nl + 1, body.length() - 3));
    }
}
