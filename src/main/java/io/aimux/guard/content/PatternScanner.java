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

    PatternScanner(List<GuardPattern> patterns) {
        this.patterns = patterns;
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
        Map<String, Boolean> seen = null;
        for (int i = 0; i < patterns.size(); i++) {
            if (policy.action(stage, i) == GuardAction.OFF) {
                continue;
            }
            GuardPattern pattern = patterns.get(i);
            if (!pattern.anchors().isEmpty()) {
                if (lower == null) {
                    lower = lowerAscii(text);
                    seen = new HashMap<>();
                }
                boolean any = false;
                for (String anchor : pattern.anchors()) {
                    final String l = lower;
                    if (seen.computeIfAbsent(anchor, a -> l.contains(a))) {
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
}
