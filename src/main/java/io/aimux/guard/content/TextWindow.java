package io.aimux.guard.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The sliding window over one streamed text (answer text or reasoning): text is released once no
 * match can still start in it, so a secret split across any number of chunks is caught whole.
 *
 * <p>A match is final once {@link GuardPattern#tail()} characters follow its end. Text is held back from the earliest place a
 * not-yet-final match starts or could start: an anchor literal (or the start of one, cut at the
 * end of the chunk) within reach, or, for a pattern without anchors, its longest span. Only
 * patterns that redact or block hold text; when none does, text passes at once and the window
 * only finds what to count. At most {@link #HOLD_LIMIT} original characters are ever held.
 */
final class TextWindow {

    /** Bound of held-back text, in original characters; past it text is released scanned as it is. */
    static final int HOLD_LIMIT = 16_384;

    /** What to emit now, or the pattern that stops the answer. */
    record Out(String text, GuardPattern blocked) {}

    private final GuardEngine engine;
    private final GuardPolicy policy;
    private final GuardStage stage;
    private final GuardReport report;
    private final boolean holding;
    private final StringBuilder buffer = new StringBuilder();

    TextWindow(GuardEngine engine, GuardPolicy policy, GuardStage stage, GuardReport report) {
        this(engine, policy, stage, report, true);
    }

    /** {@code skipQuiet} false scans every delta (tests compare both ways). */
    TextWindow(GuardEngine engine, GuardPolicy policy, GuardStage stage, GuardReport report, boolean skipQuiet) {
        this.engine = engine;
        this.policy = policy;
        this.stage = stage;
        this.report = report;
        this.holding = policy.rewrites(stage);
        this.quiet = skipQuiet ? policy.quiet(engine.scanner(), stage) : null;
    }

    /** Decides cheaply that a delta needs no scan (most answer text); null when the policy does not allow it. */
    private final PatternScanner.QuietText quiet;

    /** Characters held back right now. */
    int held() {
        return holding ? buffer.length() : 0;
    }

    Out accept(String delta) {
        if (buffer.length() == 0 && quiet != null && quiet.test(delta)) {
            return new Out(delta, null); // what a scan would return: nothing found, nothing held
        }
        buffer.append(delta);
        Out out = step(false);
        return holding || out.blocked() != null ? out : new Out(delta, null);
    }

    /** The block ended: everything held is final. */
    Out finish() {
        if (buffer.length() == 0) {
            return new Out("", null);
        }
        Out out = step(true);
        return holding || out.blocked() != null ? out : new Out("", null);
    }

    private Out step(boolean end) {
        String original = buffer.toString();
        NormalizedText normalized = NormalizedText.of(original);
        PatternScanner scanner = engine.scanner();
        List<Finding> found = scanner.find(normalized, stage, policy);
        int point = end ? normalized.length() : holdPoint(normalized, found, scanner.patterns());
        int release = releasePoint(found, point);
        List<Finding> settled = new ArrayList<>(found.size());
        for (Finding f : found) {
            if (f.start() < release) {
                settled.add(f);
            }
        }
        GuardEngine.Resolved resolved = engine.resolve(settled, stage, policy, report);
        if (resolved.blocked() != null) {
            buffer.setLength(0);
            return new Out(null, resolved.blocked());
        }
        int originRelease = release >= normalized.length() ? original.length() : normalized.originStart(release);
        if (!end && original.length() - originRelease > HOLD_LIMIT) {
            originRelease = original.length() - HOLD_LIMIT;
        }
        if (!end && originRelease > 0 && originRelease == original.length()
                && Character.isHighSurrogate(original.charAt(originRelease - 1))) {
            originRelease--; // never split a surrogate pair between two deltas
        }
        String out = GuardEngine.apply(original, normalized, resolved.redactions(), originRelease);
        buffer.delete(0, originRelease);
        return new Out(out, null);
    }

    /**
     * The hold point, moved back to the start of any redaction or block that reaches past it, so a
     * secret is released either whole or not at all.
     */
    private int releasePoint(List<Finding> found, int point) {
        int at = point;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Finding f : found) {
                GuardAction action = policy.action(stage, f.index());
                boolean rewrites = action == GuardAction.REDACT || action == GuardAction.BLOCK;
                if (f.start() < at && rewrites && f.redactEnd() > at) {
                    at = f.start();
                    moved = true;
                }
            }
        }
        return at;
    }

    /** Normalised index from which text must be kept for matches that are not final yet. */
    private int holdPoint(NormalizedText normalized, List<Finding> found, List<GuardPattern> patterns) {
        int len = normalized.length();
        int hold = len;
        String lower = null;
        for (int i = 0; i < patterns.size(); i++) {
            GuardAction action = policy.action(stage, i);
            if (action == GuardAction.OFF || (holding && action == GuardAction.FLAG)) {
                continue; // when text is held, only redactions and blocks decide how much
            }
            GuardPattern pattern = patterns.get(i);
            int span = pattern.maxLength();
            for (Finding f : found) {
                if (f.index() == i && len - f.end() < pattern.tail()) {
                    hold = Math.min(hold, f.start());
                }
            }
            if (pattern.anchors().isEmpty()) {
                hold = Math.min(hold, Math.max(0, len - span + 1));
                continue;
            }
            if (lower == null) {
                lower = PatternScanner.lowerAscii(normalized.text());
            }
            int from = Math.max(0, len - span + pattern.lead());
            for (String anchor : pattern.anchors()) {
                for (int a = lower.indexOf(anchor, from); a >= 0 && a < hold; a = lower.indexOf(anchor, a + 1)) {
                    int matchEnd = coveringEnd(found, i, a);
                    if (matchEnd < 0) {
                        hold = Math.min(hold, Math.max(previousEnd(found, i, a), a - pattern.lead()));
                        break;
                    }
                }
                for (int k = Math.min(anchor.length() - 1, len); k >= 1; k--) {
                    if (lower.regionMatches(len - k, anchor, 0, k)) { // an anchor cut at the end of the chunk
                        hold = Math.min(hold, Math.max(previousEnd(found, i, len - k), len - k - pattern.lead()));
                        break;
                    }
                }
            }
        }
        return Math.max(0, hold);
    }

    /** End of the finding of pattern {@code i} that covers {@code at}, or -1. */
    private static int coveringEnd(List<Finding> found, int i, int at) {
        for (Finding f : found) {
            if (f.index() == i && f.start() <= at && at < f.end()) {
                return f.end();
            }
        }
        return -1;
    }

    /** End of the last finding of pattern {@code i} before {@code at}: a new match cannot start inside it. */
    private static int previousEnd(List<Finding> found, int i, int at) {
        int end = 0;
        for (Finding f : found) {
            if (f.index() == i && f.end() <= at) {
                end = Math.max(end, f.end());
            }
        }
        return end;
    }
}
