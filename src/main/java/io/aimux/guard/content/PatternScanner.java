package io.aimux.guard.content;

import com.google.re2j.Matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the patterns a policy makes active over normalised text. A pattern with anchors runs only
 * when one of its literals occurs (one lowercase copy, one {@code indexOf} per literal), so most
 * text never reaches a regex; validators run only on regex matches.
 */
final class PatternScanner {

    private final List<GuardPattern> patterns;
    /** Every distinct anchor literal, once, so a text is searched for each at most once per scan. */
    private final String[] anchors;
    /** For each pattern, the positions of its anchors in {@link #anchors}. */
    private final int[][] anchorIds;

    PatternScanner(List<GuardPattern> patterns) {
        this.patterns = patterns;
        Map<String, Integer> ids = new HashMap<>();
        this.anchorIds = new int[patterns.size()][];
        for (int i = 0; i < patterns.size(); i++) {
            List<String> own = patterns.get(i).anchors();
            anchorIds[i] = new int[own.size()];
            for (int k = 0; k < own.size(); k++) {
                anchorIds[i][k] = ids.computeIfAbsent(own.get(k), a -> ids.size());
            }
        }
        this.anchors = new String[ids.size()];
        ids.forEach((anchor, id) -> anchors[id] = anchor);
    }

    List<GuardPattern> patterns() {
        return patterns;
    }

    /** Every accepted match of the patterns active at {@code stage}, in text order. */
    List<Finding> find(NormalizedText normalized, GuardStage stage, GuardPolicy policy) {
        String text = normalized.text();
        List<Finding> found = new ArrayList<>(0);
        if (text.isEmpty()) {
            return found;
        }
        String lower = null;
        byte[] seen = null; // per anchor: 0 not looked for yet, 1 present, 2 absent
        for (int i = 0; i < patterns.size(); i++) {
            if (policy.action(stage, i) == GuardAction.OFF) {
                continue;
            }
            GuardPattern pattern = patterns.get(i);
            if (anchorIds[i].length > 0) {
                if (lower == null) {
                    lower = lowerAscii(text);
                    seen = new byte[anchors.length];
                }
                boolean any = false;
                for (int id : anchorIds[i]) {
                    if (seen[id] == 0) {
                        seen[id] = lower.contains(anchors[id]) ? (byte) 1 : (byte) 2;
                    }
                    if (seen[id] == 1) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    continue;
                }
            }
            if (pattern.prefilter() != null && !pattern.prefilter().test(text)) {
                continue;
            }
            Matcher m = pattern.regex().matcher(text);
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                int group = pattern.group() <= m.groupCount() ? pattern.group() : 0;
                int rs = m.start(group) >= 0 ? m.start(group) : m.start();
                int re = m.start(group) >= 0 ? m.end(group) : m.end();
                if (pattern.accepts(text.substring(rs, re))) {
                    found.add(new Finding(pattern, i, m.start(), m.end(), rs, re));
                }
            }
        }
        found.sort(Comparator.comparingInt(Finding::redactStart).thenComparing(Comparator.comparingInt(Finding::redactEnd).reversed())
                .thenComparingInt(Finding::index));
        return found;
    }

    /** Lowercases A-Z only, keeping every index where it was. */
    static String lowerAscii(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + 32);
            }
        }
        return chars == null ? text : new String(chars);
    }

    /**
     * A cheap test that a text, on its own, holds nothing the patterns active at {@code stage}
     * could find and no start of a match still to come, so a {@link TextWindow} with nothing held
     * can pass it on without a scan; null when the policy has a pattern it cannot decide that for
     * (one without anchors and without prefilter, or one that holds text without anchors).
     *
     * @param holding whether the window holds text back for redactions; then flagging patterns
     *     without anchors need no held text, only a failing prefilter
     */
    QuietText quiet(GuardStage stage, GuardPolicy policy, boolean holding) {
        List<String> active = new ArrayList<>();
        List<java.util.function.Predicate<String>> prefilters = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            GuardAction action = policy.action(stage, i);
            if (action == GuardAction.OFF) {
                continue;
            }
            GuardPattern pattern = patterns.get(i);
            if (anchorIds[i].length == 0) {
                if (!holding || action != GuardAction.FLAG || pattern.prefilter() == null) {
                    return null;
                }
                prefilters.add(pattern.prefilter());
            }
            for (int id : anchorIds[i]) {
                if (!active.contains(anchors[id])) {
                    active.add(anchors[id]);
                }
            }
        }
        return new QuietText(active.toArray(String[]::new), List.copyOf(prefilters));
    }

    /** See {@link #quiet}. Only ASCII text qualifies: it is its own normal form. */
    static final class QuietText {
        private final String[] anchors;
        private final List<java.util.function.Predicate<String>> prefilters;
        /** ASCII characters that end some proper prefix of an anchor: only those can cut one. */
        private final boolean[] cutEnds = new boolean[128];

        QuietText(String[] anchors, List<java.util.function.Predicate<String>> prefilters) {
            this.anchors = anchors;
            this.prefilters = prefilters;
            for (String anchor : anchors) {
                for (int k = 0; k + 1 < anchor.length(); k++) {
                    if (anchor.charAt(k) < 128) {
                        cutEnds[anchor.charAt(k)] = true;
                    }
                }
            }
        }

        boolean test(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            if (text.isEmpty()) {
                return true;
            }
            String lower = lowerAscii(text);
            for (String anchor : anchors) {
                if (lower.indexOf(anchor) >= 0) {
                    return false;
                }
            }
            if (cutEnds[lower.charAt(lower.length() - 1)]) {
                for (String anchor : anchors) { // an anchor cut at the end of the text
                    for (int k = Math.min(anchor.length() - 1, lower.length()); k >= 1; k--) {
                        if (lower.regionMatches(lower.length() - k, anchor, 0, k)) {
                            return false;
                        }
                    }
                }
            }
            for (var prefilter : prefilters) {
                if (prefilter.test(text)) {
                    return false;
                }
            }
            return true;
        }
    }
}
