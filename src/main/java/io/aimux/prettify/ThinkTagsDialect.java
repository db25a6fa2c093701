package io.aimux.prettify;

import java.util.List;

/**
 * {@code <think>...</think>} or {@code <thinking>...</thinking>} at the start of the answer.
 *
 * <p>The opening tag alone decides: {@link #match} answers {@link Match.OpenReasoning} as soon as
 * it is seen in full, and the extractor streams the body as reasoning until the matching closing
 * tag (see {@link TextCallExtractor}).
 */
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

    /** The tag that closes the block opened by {@code trigger}: {@code </think>} or {@code </thinking>}. */
    static String closeToken(Trigger trigger) {
        return "</" + trigger.token().substring(1);
    }

    @Override
    public Match match(CharSequence s, int start, Trigger trigger, MatchContext ctx) {
        if (!ctx.extractReasoning() || !Scan.startsWith(s, start, trigger.token())) {
            return Match.NOT_MARKUP;
        }
        return new Match.OpenReasoning(start + trigger.token().length(), closeToken(trigger));
    }
}
