package io.aimux.prettify;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Claude-style XML: {@code <function_calls><invoke name="N"><parameter name="K">V</parameter>
 * </invoke>...</function_calls>}. Values are the exact text between the tags, typed by the schema.
 */
final class AnthropicXmlDialect extends EnclosedDialect {

    static final String ID = "anthropic-xml";
    private static final String OPEN = "<function_calls>";
    private static final String CLOSE = "</function_calls>";
    private static final String INVOKE = "<invoke";
    private static final String INVOKE_END = "</invoke>";
    private static final String PARAM = "<parameter";
    private static final String PARAM_END = "</parameter>";

    AnthropicXmlDialect() {
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
            if (!c.lit(INVOKE)) {
                return null;
            }
            String name = nameAttribute(c, ctx, true);
            if (name == null) {
                return null;
            }
            ObjectNode args = CallObjects.newObject();
            while (true) {
                c.ws();
                if (c.lit(INVOKE_END)) {
                    break;
                }
                if (!c.lit(PARAM)) {
                    return null;
                }
                String key = nameAttribute(c, ctx, false);
                if (key == null) {
                    return null;
                }
                int end = c.find(PARAM_END);
                if (end < 0) {
                    return null;
                }
                String raw = c.slice(c.i, end);
                args.set(key, SchemaTyping.typed(raw, ctx.tool(name), key));
                c.i = end + PARAM_END.length();
            }
            calls.add(new TextPiece.Call(null, name, Json.write(args), ID));
        }
    }

    /**
     * Parses {@code  name="VALUE">} after a tag name; for an invoke the value must be a declared
     * tool. Leaves the cursor after {@code >}.
     */
    private static String nameAttribute(Cursor c, MatchContext ctx, boolean tool) {
        int before = c.i;
        c.ws();
        if (c.i == before) {
            if (c.atEnd() && c.open) {
                c.more = true;
            }
            return null;
        }
        if (!c.lit("name")) {
            return null;
        }
        c.ws();
        if (!c.lit("=")) {
            return null;
        }
        c.ws();
        if (c.atEnd()) {
            c.more = c.open;
            return null;
        }
        char q = c.peekChar();
        if (q != '"' && q != '\'') {
            return null;
        }
        c.i++;
        String value;
        int end;
        if (tool) {
            end = Scan.indexOf(c.s, q, c.i, c.limit);
            value = c.toolName(end, ctx);
            if (value == null) {
                return null;
            }
        } else {
            end = c.findChar(q);
            if (end < 0) {
                return null;
            }
            value = c.slice(c.i, end);
            if (value.isEmpty() || value.indexOf('<') >= 0) {
                return null;
            }
        }
        c.i = end + 1;
        c.ws();
        if (!c.lit(">")) {
            return null;
        }
        return value;
    }
}
