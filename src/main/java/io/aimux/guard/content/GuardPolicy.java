package io.aimux.guard.content;

import java.util.List;
import java.util.Map;

/**
 * The action of every pattern at every stage for one caller, resolved once. Layers, later ones
 * winning: the pattern's default; {@code guard.actions.<category>}; {@code guard.actions.<id>};
 * the key's {@code guard.<category>}; the key's {@code guard.<id>}. A pattern is only looked for
 * at its own stages, and nowhere when {@code guard.enabled} is false.
 */
public final class GuardPolicy {

    private final GuardAction[][] actions;
    private final boolean[] active;
    private final boolean[] rewrites;
    private final byte[][] scopes;
    /** Per stage, the answer window's shortcut for plain deltas, made on first use (a race makes it twice, harmlessly). */
    private final PatternScanner.QuietText[] quiet;
    private final boolean[] quietMade;

    private GuardPolicy(GuardAction[][] actions) {
        this.actions = actions;
        this.active = new boolean[actions.length];
        this.rewrites = new boolean[actions.length];
        this.scopes = new byte[actions.length][];
        this.quiet = new PatternScanner.QuietText[actions.length];
        this.quietMade = new boolean[actions.length];
        for (int s = 0; s < actions.length; s++) {
            scopes[s] = new byte[1 + (actions[s].length + 7) / 8];
            scopes[s][0] = (byte) s;
            for (int i = 0; i < actions[s].length; i++) {
                GuardAction action = actions[s][i];
                active[s] |= action != GuardAction.OFF;
                rewrites[s] |= action == GuardAction.REDACT || action == GuardAction.BLOCK;
                if (action != GuardAction.OFF) {
                    scopes[s][1 + i / 8] |= (byte) (1 << (i % 8));
                }
            }
        }
    }

    static GuardPolicy of(List<GuardPattern> patterns, boolean enabled, Map<String, String> configured,
            Map<String, String> key) {
        GuardStage[] stages = GuardStage.values();
        GuardAction[][] actions = new GuardAction[stages.length][patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            GuardPattern pattern = patterns.get(i);
            GuardAction action = pattern.defaultAction();
            action = layer(action, configured, pattern);
            action = layer(action, key, pattern);
            for (GuardStage stage : stages) {
                actions[stage.ordinal()][i] = enabled && pattern.stages().contains(stage) ? action : GuardAction.OFF;
            }
        }
        return new GuardPolicy(actions);
    }

    /** Every pattern redacts at every stage: for text kept for operators, whatever the configured actions. */
    static GuardPolicy redactingAll(List<GuardPattern> patterns) {
        GuardAction[][] actions = new GuardAction[GuardStage.values().length][patterns.size()];
        for (GuardAction[] stage : actions) {
            java.util.Arrays.fill(stage, GuardAction.REDACT);
        }
        return new GuardPolicy(actions);
    }

    private static GuardAction layer(GuardAction current, Map<String, String> overrides, GuardPattern pattern) {
        if (overrides == null || overrides.isEmpty()) {
            return current;
        }
        GuardAction byCategory = GuardAction.parse(overrides.get(pattern.category().label()));
        GuardAction byId = GuardAction.parse(overrides.get(pattern.id()));
        return byId != null ? byId : byCategory != null ? byCategory : current;
    }

    public GuardAction action(GuardStage stage, int pattern) {
        return actions[stage.ordinal()][pattern];
    }

    /** Whether any pattern is looked for at this stage; when not, the stage costs nothing. */
    public boolean active(GuardStage stage) {
        return active[stage.ordinal()];
    }

    /**
     * What a scan at this stage looks for: the stage and one bit per pattern that runs. Which
     * patterns match a text does not depend on their actions, so two policies with equal scopes
     * find the same in every text; the clean-text cache is keyed by it. Same length for every
     * policy of an engine.
     */
    byte[] scope(GuardStage stage) {
        return scopes[stage.ordinal()];
    }

    /** Whether a match at this stage may change or stop the text (redact or block). */
    public boolean rewrites(GuardStage stage) {
        return rewrites[stage.ordinal()];
    }

    /** {@link PatternScanner#quiet} for this policy's answer windows at {@code stage}, made once per policy. */
    PatternScanner.QuietText quiet(PatternScanner scanner, GuardStage stage) {
        int s = stage.ordinal();
        if (!quietMade[s]) {
            quiet[s] = scanner.quiet(stage, this, rewrites(stage));
            quietMade[s] = true;
        }
        return quiet[s];
    }
}
