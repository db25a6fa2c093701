package io.aimux.prettify;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * GLM-4.5/4.6: {@code <tool_call>NAME<arg_key>K</arg_key><arg_value>V</arg_value>...</tool_call>}
 * (usually one pair per line). Keys and values are trimmed; values are typed by the schema.
 */
final class GlmDialect extends EnclosedDialect {

    static final String ID = "glm";
    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";
    private static final String KEY = "<arg_key>";
    private static final String KEY_END = "</arg_key>";
    private static final String VALUE = "<arg_value>";
    private static final String VALUE_END = "</arg_value>";

    GlmDialect() {
        super(ID, OPEN, CLOSE);
    }

    @Override
    List<TextPiece> parseBody(Cursor c, MatchContext ctx) {
        c.ws();
        int nameEnd = -1;
        for (int k = c.i; k < c.limit; k++) {
            char ch = c.s.charAt(k);
            if (ch == '<' || ch == '\n' || ch == '\r') {
                nameEnd = k;
                break;
            }
        }
        if (nameEnd < 0 && !c.open) {
            nameEnd = c.limit; // a call without arguments
        }
        String name = c.toolName(nameEnd, ctx);
        if (name == null) {
            return null;
        }
        c.i = nameEnd;
        ObjectNode args = CallObjects.newObject();
        while (true) {
            c.ws();
            if (c.atEnd()) {
                return c.open ? null : List.of(new TextPiece.Call(null, name, Json.write(args), ID));
            }
            if (!c.lit(KEY)) {
                return null;
            }
            int ke = c.find(KEY_END);
            if (ke < 0) {
                return null;
            }
            String key = Scan.trim(c.slice(c.i, ke));
            if (key.isEmpty() || key.indexOf('<') >= 0) {
                return null;
            }
            c.i = ke + KEY_END.length();
            c.ws();
            if (!c.lit(VALUE)) {
                return null;
            }
            int ve = c.find(VALUE_END);
            if (ve < 0) {
                return null;
            }
            String raw = c.slice(c.i, ve);
            if (raw.contains(KEY) || raw.contains(VALUE)) {
                return null;
            }
            args.set(key, SchemaTyping.typed(Scan.trim(raw), ctx.tool(name), key));
            c.i = ve + VALUE_END.length();
        }
    }
}
