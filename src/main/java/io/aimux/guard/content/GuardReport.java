package io.aimux.guard.content;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the guard did to one request at one stage, for its single log line: pattern ids, actions
 * and counts, never the matched text.
 */
public final class GuardReport {

    private final Map<String, Integer> counts = new TreeMap<>();
    private boolean blocked;

    void add(GuardPattern pattern, GuardAction action) {
        counts.merge(pattern.id() + " " + action.label(), 1, Integer::sum);
        blocked |= action == GuardAction.BLOCK;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    boolean blocked() {
        return blocked;
    }

    /** {@code "openai-key redact×1, path-traversal flag×2"}. */
    String summary() {
        StringBuilder out = new StringBuilder();
        counts.forEach((what, n) -> out.append(out.length() > 0 ? ", " : "").append(what).append('×').append(n));
        return out.toString();
    }
}
