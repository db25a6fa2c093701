package io.aimux.prettify;

import java.util.List;

/**
 * Hermes / Qwen2.5: {@code <tool_call>{"name": N, "arguments": {...}}</tool_call>} (an array of call
 * objects is accepted too). The span ends after the JSON value and the closing tag.
 */
final class HermesDialect implements Dialect {

    static final String ID = "hermes";
    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";

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
        int i = Scan.skipWs(s, start + OPEN.length());
        if (i >= s.length()) {
            return Match.NEED_MORE;
        }
        char first = s.charAt(i);
        if (first != '{' && first != '[') {
            return Match.NOT_MARKUP;
        }
        return JsonCalls.match(s, i, CLOSE, false, true, ID, ctx);
    }
}
