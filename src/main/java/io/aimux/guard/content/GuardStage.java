package io.aimux.guard.content;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where text is checked. */
public enum GuardStage {
    /** The client's messages, system prompt and tool results, before routing. */
    REQUEST,
    /** Answer text and reasoning from the upstream, streamed or not. */
    RESPONSE,
    /** Tool-call arguments: in the request's history and in the answer. */
    TOOL_CALL,
    /** Text on its way to logs, metrics, the admin API or the dashboard. */
    LOG;

    public static final Set<GuardStage> ALL = EnumSet.allOf(GuardStage.class);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage named {@code value} ({@code request}, {@code response}, {@code tool_call}, {@code log}), or null. */
    public static GuardStage parse(String value) {
        for (GuardStage stage : values()) {
            if (stage.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return stage;
            }
        }
        return null;
    }
}
