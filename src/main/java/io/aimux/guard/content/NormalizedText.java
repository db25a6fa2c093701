package io.aimux.guard.content;

import java.text.Normalizer;

/**
 * Text as the patterns see it: NFKC (fullwidth and other compatibility forms folded), with
 * zero-width, bidi control and soft-hyphen characters removed, so {@code s​k-…} or
 * {@code ｓｋ-…} are still caught. Every normalised character knows the original index of the
 * character it came from, so a redaction replaces the original text, whatever its form.
 *
 * <p>NFKC is applied per base character with its combining marks; that is NFKC for every
 * pattern here, which only read compatibility-folded letters, digits and punctuation.
 */
public final class NormalizedText {

    private final String text;
    /** Original index of each normalised char; null when the text was already normal (identity). */
    private final int[] origin;
    private final int originLength;

    private NormalizedText(String text, int[] origin, int originLength) {
        this.text = text;
        this.origin = origin;
        this.originLength = originLength;
    }

    public static NormalizedText of(CharSequence original) {
        String s = original.toString();
        if (plain(s)) {
            return new NormalizedText(s, null, s.length());
        }
        StringBuilder out = new StringBuilder(s.length());
        int[] map = new int[s.length() + 16];
        int n = 0;
        int i = 0;
        StringBuilder segment = new StringBuilder(8);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (invisible(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            segment.setLength(0);
            segment.appendCodePoint(cp);
            i += Character.charCount(cp);
            while (i < s.length()) { // a base character with its combining marks normalises as one
                int next = s.codePointAt(i);
                if (invisible(next)) {
                    i += Character.charCount(next);
                } else if (combining(next) && segment.length() < 32) {
                    segment.appendCodePoint(next);
                    i += Character.charCount(next);
                } else {
                    break;
                }
            }
            String normal = segment.length() == 1 && segment.charAt(0) < 0x80 ? segment.toString()
                    : Normalizer.normalize(segment, Normalizer.Form.NFKC);
            for (int k = 0; k < normal.length(); k++) {
                if (n == map.length) {
                    map = java.util.Arrays.copyOf(map, map.length * 2);
                }
                map[n++] = start;
            }
            out.append(normal);
        }
        return new NormalizedText(out.toString(), java.util.Arrays.copyOf(map, n), s.length());
    }

    /** ASCII text, or text that is NFKC already and has no character to strip, maps onto itself. */
    private static boolean plain(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                if (invisible(c)) {
                    return false;
                }
            }
        }
        return ascii || Normalizer.isNormalized(s, Normalizer.Form.NFKC);
    }

    /** Zero-width, bidi control, word-joiner family, BOM and soft hyphen. */
    static boolean invisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD;
    }

    private static boolean combining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** Length of the original text. */
    public int originLength() {
        return originLength;
    }

    /** Original index where normalised char {@code i} starts ({@code originLength} at the end). */
    public int originStart(int i) {
        if (origin == null) {
            return i;
        }
        return i >= origin.length ? originLength : origin[i];
    }

    /**
     * Original index just past the normalised range ending at {@code end}: a range that ends
     * inside what one original character produced (a ligature) covers that whole character.
     */
    public int originEnd(int end) {
        if (origin == null) {
            return end;
        }
        if (end <= 0) {
            return originStart(0);
        }
        int last = origin[end - 1];
        int j = end;
        while (j < origin.length && origin[j] == last) {
            j++;
        }
        return j >= origin.length ? originLength : origin[j];
    }
}
