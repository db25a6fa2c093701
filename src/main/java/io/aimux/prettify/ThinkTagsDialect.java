package io.aimux.prettify;

import java.util.List;

/** {@code <think>...</think>} or {@code <thinking>...</thinking>} at the start of the answer. */
final class ThinkTagsDialect implements Dialect {

    static final String ID = "think";

    private static final List<Trigger> TRIGGERS = List.of(
            new Trigger("<think>", Anchor.MESSAGE_START),
            new Trigger("<thinking>", Anchor.MESSAGE_START));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Trigger> triggers() {
        return TRIGGERS;
    }

    @Override
    public boolean yieldsReasoning() {
        return true;
    }

    @Override
    public Match match(CharSequence s, int start, Trigger trigger, MatchContext ctx) {
        if (!ctx.extractReasoning()) {
            return Match.NOT_MARKUP;
        }
        String close = "</" + trigger.token().substring(1);
        int from = start + trigger.token().length();
        int end = Scan.indexOf(s, close, from);
        if (end < 0) {
            return Match.waitFor(close, from, s.length());
        }
        return Match.complete(List.of(new TextPiece.Reasoning(Scan.slice(s, from, end))), end + close.length());
    }
}
