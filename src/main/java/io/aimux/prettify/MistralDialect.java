package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Mistral: {@code [TOOL_CALLS] [{"name":…,"arguments":…,"id":…}, …]} (tokenizer v3),
 * {@code [TOOL_CALLS]NAME[CALL_ID]ID[ARGS]{…}} (v11) and {@code [TOOL_CALLS]NAME[ARGS]{…}} (v13).
 * The span ends with the JSON value; several calls each start with their own {@code [TOOL_CALLS]}.
 */
final class MistralDialect implements Dialect {

    static final String ID = "mistral";
    private static final String OPEN = "[TOOL_CALLS]";
    private static final String CALL_ID = "[CALL_ID]";
    private static final String ARGS = "[ARGS]";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Trigger> triggers() {
        return List.of(Trigger.anywhere(OPEN));
    }

    @Override
    public Match match(CharSequence s, int start, Trigger trigger, MatchContext ctx) {
        int n = s.length();
        int i = Scan.skipWs(s, start + OPEN.length());
        if (i >= n) {
            return Match.NEED_MORE;
        }
        char first = s.charAt(i);
        if (first == '[' || first == '{') {
            return JsonCalls.match(s, i, null, false, true, ID, ctx);
        }
        Cursor c = Cursor.open(s, i);
        String name = c.toolName(Scan.indexOf(s, '[', i, n), ctx);
        if (name == null) {
            return c.more ? Match.NEED_MORE : Match.NOT_MARKUP;
        }
        c.i = Scan.indexOf(s, '[', i, n);
        String callId = null;
        if (c.lit(CALL_ID)) {
            int idEnd = c.find(ARGS);
            String id = c.slice(c.i, idEnd < 0 ? n : idEnd);
            int bracket = id.indexOf('[');
            if (idEnd < 0 && bracket >= 0) {
                // an id holds no '[': the text from one on can only be the start of [ARGS]
                if (!Scan.partialAtEnd(s, c.i + bracket, ARGS)) {
                    return Match.NOT_MARKUP;
                }
                id = id.substring(0, bracket);
            }
            if (id.length() > 64 || Cursor.containsWs(id) || bracket >= 0 && idEnd >= 0) {
                return Match.NOT_MARKUP;
            }
            if (idEnd < 0) {
                return Match.NEED_MORE;
            }
            callId = id.isEmpty() ? null : id;
            c.i = idEnd;
        }
        if (!c.lit(ARGS)) {
            return c.more ? Match.NEED_MORE : Match.NOT_MARKUP;
        }
        int j = Scan.skipWs(s, c.i);
        if (j >= n) {
            return Match.NEED_MORE;
        }
        if (s.charAt(j) != '{') {
            return Match.NOT_MARKUP;
        }
        int e = JsonScan.scan(s, j);
        if (e == JsonScan.INVALID) {
            return Match.NOT_MARKUP;
        }
        if (e == JsonScan.INCOMPLETE) {
            return Match.waitFor("}", j, n);
        }
        JsonNode args = Json.parseObject(Scan.slice(s, j, e));
        if (args == null) {
            return Match.NOT_MARKUP;
        }
        return Match.complete(List.of(new TextPiece.Call(callId, name, Json.write(args), ID)), e);
    }
}
