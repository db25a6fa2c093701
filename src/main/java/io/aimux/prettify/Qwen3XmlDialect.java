package io.aimux.prettify;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Qwen3-Coder: {@code <tool_call><function=NAME><parameter=KEY>VALUE</parameter>...</function></tool_call>}.
 * Values are raw text typed by the declared schema; one newline right after the opening parameter
 * tag and one right before the closing tag are framing and dropped.
 */
final class Qwen3XmlDialect extends EnclosedDialect {

    static final String ID = "qwen3-xml";
    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";
    private static final String FUNCTION = "<function=";
    private static final String FUNCTION_END = "</function>";
    private static final String PARAM = "<parameter=";
    private static final String PARAM_END = "</parameter>";

    Qwen3XmlDialect() {
        super(ID, OPEN, CLOSE);
    }

    @Override
    List<TextPiece> parseBody(Cursor c, MatchContext ctx) {
        List<TextPiece> calls = new ArrayList<>();
        while (true) {
            c.ws();
            if (c.atEnd()) {
                return c.open ? null : (calls.isEmpty() ? null : calls);
            }
            if (!c.lit(FUNCTION)) {
                return null;
            }
            String name = c.toolName(Scan.indexOf(c.s, '>', c.i, c.limit), ctx);
            if (name == null) {
                return null;
            }
            c.i = Scan.indexOf(c.s, '>', c.i, c.limit) + 1;
            ObjectNode args = CallObjects.newObject();
            while (true) {
                c.ws();
                if (c.lit(FUNCTION_END)) {
                    break;
                }
                if (!c.lit(PARAM)) {
                    return null;
                }
                int gt = c.findChar('>');
                if (gt < 0) {
                    return null;
                }
                String key = Scan.trim(c.slice(c.i, gt));
                if (key.isEmpty() || key.indexOf('<') >= 0) {
                    return null;
                }
                c.i = gt + 1;
                int end = c.find(PARAM_END);
                if (end < 0) {
                    return null;
                }
                String raw = unframe(c.slice(c.i, end));
                args.set(key, SchemaTyping.typed(raw, ctx.tool(name), key));
                c.i = end + PARAM_END.length();
            }
            calls.add(new TextPiece.Call(null, name, Json.write(args), ID));
        }
    }

    /** Drop one newline after the opening tag and one before the closing tag. */
    static String unframe(String raw) {
        int a = 0;
        int b = raw.length();
        if (raw.startsWith("\r\n")) {
            a = 2;
        } else if (raw.startsWith("\n")) {
            a = 1;
        }
        if (b - a >= 2 && raw.startsWith("\r\n", b - 2)) {
            b -= 2;
        } else if (b - a >= 1 && raw.charAt(b - 1) == '\n') {
            b -= 1;
        }
        return raw.substring(a, b);
    }
}
