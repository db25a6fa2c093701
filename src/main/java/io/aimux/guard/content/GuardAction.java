package io.aimux.guard.content;

import java.util.Locale;

/** What the guard does with a match. */
public enum GuardAction {
    /** Refuse the request, or end the answer with one error event. */
    BLOCK,
    /** Replace the match with {@code [REDACTED:<pattern-id>]}. */
    REDACT,
    /** Count it ({@code aimux_guard_matches_total}) and log the pattern id, never the matched text. */
    FLAG,
    /** Do not look for it. */
    OFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named {@code value}, or null when it names none. */
    public static GuardAction parse(String value) {
        if (value == null) {
            return null;
        }
        for (GuardAction action : values()) {
            if (action.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        return null;
    }
}
