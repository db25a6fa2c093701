package io.aimux.prettify;

/**
 * A read position over {@code text[i, limit)} for the markup parsers. When the region is open
 * (its end is the end of the text received so far), every check that runs out of text sets
 * {@link #more} instead of failing, so a parser can tell "not markup" from "not yet".
 */
final class Cursor {

    final CharSequence s;
    final int limit;
    final boolean open;
    int i;
    /** A check ran into the end of an open region. */
    boolean more;
    /** The parser has seen enough to know this is markup of a declared tool (see {@link Match#waitFor}). */
    boolean confirmed;

    Cursor(CharSequence s, int from, int limit, boolean open) {
        this.s = s;
        this.i = from;
        this.limit = limit;
        this.open = open;
    }

    static Cursor open(CharSequence s, int from) {
        return new Cursor(s, from, s.length(), true);
    }

    static Cursor bounded(CharSequence s, int from, int limit) {
        return new Cursor(s, from, limit, false);
    }

    void ws() {
        while (i < limit && Scan.isWs(s.charAt(i))) {
            i++;
        }
    }

    /** True when the region is used up; on an open region that means more text may follow. */
    boolean atEnd() {
        if (i >= limit) {
            if (open) {
                more = true;
            }
            return true;
        }
        return false;
    }

    char peekChar() {
        return s.charAt(i);
    }

    /** Consume {@code token} if it is next. */
    boolean lit(String token) {
        if (peek(token)) {
            i += token.length();
            return true;
        }
        return false;
    }

    /** True when {@code token} is next; notes a partial token at the end of an open region. */
    boolean peek(String token) {
        if (i + token.length() <= limit && Scan.startsWith(s, i, token)) {
            return true;
        }
        if (open && Scan.partialAtEnd(s, i, token)) {
            more = true;
        }
        return false;
    }

    /** Index of {@code token} in the rest of the region, or -1 (noting {@link #more} if open). */
    int find(String token) {
        int k = Scan.indexOf(s, token, i);
        if (k < 0 || k + token.length() > limit) {
            if (open) {
                more = true;
            }
            return -1;
        }
        return k;
    }

    /** Index of {@code c} in the rest of the region, or -1 (noting {@link #more} if open). */
    int findChar(char c) {
        int k = Scan.indexOf(s, c, i, limit);
        if (k < 0 && open) {
            more = true;
        }
        return k;
    }

    String slice(int from, int to) {
        return Scan.slice(s, from, to);
    }

    /**
     * A tool name running from {@link #i} to {@code end}; when {@code end} is -1 the name is cut by
     * the end of an open region and only has to be a prefix of a declared name. Returns the name,
     * or null when it cannot be (or become) a declared one.
     */
    String toolName(int end, MatchContext ctx) {
        if (end < 0) {
            String partial = Scan.trim(slice(i, limit)).stripLeading();
            if (open && !containsWs(partial) && ctx.isDeclaredPrefix(partial)) {
                more = true;
            }
            return null;
        }
        String name = Scan.trim(slice(i, end));
        if (!ctx.isDeclared(name)) {
            return null;
        }
        confirmed = true;
        return name;
    }

    static boolean containsWs(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Scan.isWs(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }
}
