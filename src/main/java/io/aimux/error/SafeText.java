package io.aimux.error;

/**
 * The one way client-supplied text enters an error message: single-quoted, cut after
 * {@value #LIMIT} characters, and escaped so that it can neither break out of the quotes nor be
 * read as markup or as a new line where the message is shown (a log line, a dashboard, a terminal).
 */
public final class SafeText {

    /** Characters of the value shown before it is cut with "...". */
    public static final int LIMIT = 40;

    private SafeText() {}

    /** {@code value} for an error message: {@code 'abc'}, with {@code < > & ' " \} and invisible characters as {@code \}{@code uXXXX}. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), LIMIT) + 8).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            if (shown >= LIMIT) {
                out.append("...");
                break;
            }
            char c = value.charAt(i);
            if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }

    private static boolean needsEscape(char c) {
        return switch (c) {
            case '<', '>', '&', '\'', '"', '\\', '`' -> true;
            default -> c < 0x20 || (c >= 0x7f && c <= 0x9f)
                    || Character.isSurrogate(c) // a lone half, or half of a pair cut at the limit
                    || c == '\u2028' || c == '\u2029' // line separators
                    || (c >= '\u200b' && c <= '\u200f') || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069') || c == '\ufeff'; // zero-width and bidi controls
        };
    }
}
