package io.aimux.prettify;

import java.util.ArrayList;
import java.util.List;

/**
 * Llama 3.x JSON tool calls: the whole message (after an optional {@code <|python_tag|>}) is one or
 * more call objects {@code {"name": N, "parameters": {...}}} (or {@code "arguments"}) separated by
 * {@code ;}. Only members name, parameters/arguments, id and type are allowed, so ordinary JSON
 * answers are left alone. The verdict waits for the end of the message, but the text is released
 * as soon as it cannot be such a message.
 */
final class LlamaDialect implements Dialect {

    static final String ID = "llama";
    private static final String PYTHON_TAG = "<|python_tag|>";

    private static final List<Trigger> TRIGGERS = List.of(
            new Trigger("{", Anchor.MESSAGE_START),
            new Trigger(PYTHON_TAG, Anchor.MESSAGE_START));

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
        int i = trigger.token().equals(PYTHON_TAG) ? start + PYTHON_TAG.length() : start;
        List<TextPiece> calls = new ArrayList<>();
        int end = -1;
        while (true) {
            i = Scan.skipWs(s, i);
            if (i >= n) {
                if (calls.isEmpty() || !ctx.finished()) {
                    return Match.NEED_MORE;
                }
                return Match.complete(calls, end);
            }
            if (s.charAt(i) != '{') {
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
                return settled ? Match.waitFor("}", i, n) : Match.NEED_MORE;
            }
            TextPiece.Call call = CallObjects.toCall(Json.parse(Scan.slice(s, i, e)), true, false, ID, ctx);
            if (call == null) {
                return Match.NOT_MARKUP;
            }
            calls.add(call);
            end = e;
            int j = Scan.skipWs(s, e);
            if (j < n && s.charAt(j) == ';') {
                end = j + 1;
                i = j + 1;
                continue;
            }
            if (j < n) {
                return Match.NOT_MARKUP;
            }
            i = j;
        }
    }
}
