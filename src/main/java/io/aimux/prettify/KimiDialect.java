package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Kimi-K2: {@code <|tool_calls_section_begin|><|tool_call_begin|>functions.NAME:IDX
 * <|tool_call_argument_begin|>{json}<|tool_call_end|>...<|tool_calls_section_end|>}, whitespace
 * around the tokens allowed. The function name is the call id without {@code functions.} and
 * {@code :IDX}; the raw id is kept as the call id.
 */
final class KimiDialect extends EnclosedDialect {

    static final String ID = "kimi";
    private static final String OPEN = "<|tool_calls_section_begin|>";
    private static final String CLOSE = "<|tool_calls_section_end|>";
    private static final String CALL = "<|tool_call_begin|>";
    private static final String ARGS = "<|tool_call_argument_begin|>";
    private static final String CALL_END = "<|tool_call_end|>";
    private static final String PREFIX = "functions.";

    KimiDialect() {
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
            int idEnd = Scan.indexOf(c.s, ARGS, c.i);
            if (idEnd < 0 || idEnd + ARGS.length() > c.limit) {
                String partial = Scan.trim(c.slice(c.i, c.limit));
                int lt = partial.indexOf('<');
                if (lt >= 0) {
                    if (!ARGS.startsWith(partial.substring(lt))) {
                        return null;
                    }
                    partial = Scan.trim(partial.substring(0, lt));
                }
                if (c.open && !Cursor.containsWs(partial) && plausibleId(partial, ctx)) {
                    c.more = true;
                }
                return null;
            }
            String id = Scan.trim(c.slice(c.i, idEnd));
            String name = nameOf(id);
            if (!ctx.isDeclared(name)) {
                return null;
            }
            c.confirmed = true;
            c.i = idEnd + ARGS.length();
            int argsEnd = c.find(CALL_END);
            if (argsEnd < 0) {
                return null;
            }
            String json = Scan.trim(c.slice(c.i, argsEnd));
            JsonNode args = json.isEmpty() ? CallObjects.newObject() : Json.parseObject(json);
            if (args == null) {
                return null;
            }
            calls.add(new TextPiece.Call(id.isEmpty() ? null : id, name, Json.write(args), ID));
            c.i = argsEnd + CALL_END.length();
        }
    }

    /** The tool name in a Kimi call id: drop {@code functions.} and a {@code :digits} suffix. */
    static String nameOf(String id) {
        String name = id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id;
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && colon < name.length() - 1) {
            boolean digits = true;
            for (int k = colon + 1; k < name.length(); k++) {
                if (!Character.isDigit(name.charAt(k))) {
                    digits = false;
                    break;
                }
            }
            if (digits) {
                name = name.substring(0, colon);
            }
        }
        return name;
    }

    private static boolean plausibleId(String partial, MatchContext ctx) {
        if (PREFIX.startsWith(partial)) {
            return true;
        }
        String rest = partial.startsWith(PREFIX) ? partial.substring(PREFIX.length()) : partial;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String name = rest.substring(0, colon);
            for (int k = colon + 1; k < rest.length(); k++) {
                if (!Character.isDigit(rest.charAt(k))) {
                    return false;
                }
            }
            return ctx.isDeclared(name);
        }
        return ctx.isDeclaredPrefix(rest);
    }
}
