package io.aimux.prettify;

/** Plain character scanning helpers (no regular expressions). */
final class Scan {

    private Scan() {}

    static boolean isWs(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    static int skipWs(CharSequence s, int i) {
        int n = s.length();
        while (i < n && isWs(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipWs(CharSequence s, int i, int limit) {
        while (i < limit && isWs(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** True when {@code token} occurs in full at {@code i}. */
    static boolean startsWith(CharSequence s, int i, String token) {
        int n = token.length();
        if (i < 0 || i + n > s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (s.charAt(i + k) != token.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the text from {@code i} to its end is a proper prefix of {@code token} (including
     * the empty one): the token may still arrive.
     */
    static boolean partialAtEnd(CharSequence s, int i, String token) {
        int avail = s.length() - i;
        if (avail < 0 || avail >= token.length()) {
            return false;
        }
        for (int k = 0; k < avail; k++) {
            if (s.charAt(i + k) != token.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Result of {@link #expect}: the token is not there. */
    static final int MISMATCH = -2;
    /** Result of {@link #expect}: the text ends inside what may become the token. */
    static final int MORE = -1;

    /** Index after {@code token} at {@code i}, {@link #MORE} or {@link #MISMATCH}. */
    static int expect(CharSequence s, int i, String token) {
        if (startsWith(s, i, token)) {
            return i + token.length();
        }
        return partialAtEnd(s, i, token) ? MORE : MISMATCH;
    }

    static int indexOf(CharSequence s, String token, int from) {
        if (from < 0) {
            from = 0;
        }
        if (s instanceof String str) {
            return str.indexOf(token, from);
        }
        if (s instanceof StringBuilder sb) {
            return sb.indexOf(token, from);
        }
        int n = s.length() - token.length();
        char first = token.charAt(0);
        for (int i = from; i <= n; i++) {
            if (s.charAt(i) == first && startsWith(s, i, token)) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(CharSequence s, char c, int from, int limit) {
        for (int i = Math.max(0, from); i < limit; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static String slice(CharSequence s, int from, int to) {
        return s.subSequence(from, to).toString();
    }

    static boolean isBlank(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isWs(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Trim JSON/ASCII whitespace. */
    static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isWs(s.charAt(a))) {
            a++;
        }
        while (b > a && isWs(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** The whitespace-separated words of {@code s}. */
    static java.util.List<String> words(CharSequence s) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isWs(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && !isWs(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(s.subSequence(i, j).toString());
            }
            i = j;
        }
        return out;
    }
}
