package io.aimux.prettify;

/**
 * A strict JSON validator that works on a prefix of a value: it tells where a value ends, that
 * the text so far can still become a value, or that it cannot. Iterative (no recursion), so deep
 * nesting in untrusted text cannot overflow the stack. While scanning it records facts about the
 * outermost object that dialects use to reject a call early.
 */
final class JsonScan {

    /** The text ends before the value does, and what is there is valid so far. */
    static final int INCOMPLETE = -1;
    /** The text cannot be (the start of) a JSON value. */
    static final int INVALID = -2;

    static final int MAX_DEPTH = 512;

    private static final int S_VALUE = 0;
    private static final int S_VALUE_OR_CLOSE = 1;
    private static final int S_KEY_OR_CLOSE = 2;
    private static final int S_KEY = 3;
    private static final int S_COLON = 4;
    private static final int S_AFTER = 5;

    /**
     * Facts about the call object being scanned: the outermost object, or (when the outermost value
     * is an array) the latest element of that array.
     */
    static final class TopLevel {
        /** Complete keys of the call object, in order. */
        final java.util.List<String> keys = new java.util.ArrayList<>();
        /** Value of its {@code "name"} member so far (partial unless nameComplete). */
        String name;
        boolean nameComplete;
        boolean nameNotString;
        /** The outermost value is an array holding something other than an object. */
        boolean nonObjectElement;

        void reset() {
            keys.clear();
            name = null;
            nameComplete = false;
            nameNotString = false;
        }
    }

    private JsonScan() {}

    static int scan(CharSequence s, int start) {
        return scan(s, start, null);
    }

    /**
     * Scan one JSON value starting at {@code start} (leading whitespace allowed).
     *
     * @return the index just after the value, {@link #INCOMPLETE} or {@link #INVALID}
     */
    static int scan(CharSequence s, int start, TopLevel top) {
        final int n = s.length();
        char[] stack = new char[16];
        int depth = 0;
        int state = S_VALUE;
        String depth1Key = null;
        int i = start;
        StringBuilder capture = top != null ? new StringBuilder() : null;
        while (true) {
            i = Scan.skipWs(s, i);
            if (i >= n) {
                return INCOMPLETE;
            }
            char c = s.charAt(i);
            switch (state) {
                case S_COLON -> {
                    if (c != ':') {
                        return INVALID;
                    }
                    i++;
                    state = S_VALUE;
                    continue;
                }
                case S_AFTER -> {
                    char open = stack[depth - 1];
                    if (c == ',') {
                        state = open == '{' ? S_KEY : S_VALUE;
                        i++;
                        continue;
                    }
                    if ((c == '}' && open == '{') || (c == ']' && open == '[')) {
                        depth--;
                        i++;
                        if (depth == 0) {
                            return i;
                        }
                        state = S_AFTER;
                        continue;
                    }
                    return INVALID;
                }
                case S_KEY_OR_CLOSE, S_KEY -> {
                    if (c == '}' && state == S_KEY_OR_CLOSE) {
                        depth--;
                        i++;
                        if (depth == 0) {
                            return i;
                        }
                        state = S_AFTER;
                        continue;
                    }
                    if (c != '"') {
                        return INVALID;
                    }
                    boolean capKey = top != null && depth == callDepth(stack, depth);
                    if (capKey) {
                        capture.setLength(0);
                    }
                    int e = scanString(s, i, capKey ? capture : null);
                    if (e < 0) {
                        return e;
                    }
                    if (capKey) {
                        depth1Key = capture.toString();
                        top.keys.add(depth1Key);
                    }
                    i = e;
                    state = S_COLON;
                    continue;
                }
                default -> {
                    // S_VALUE or S_VALUE_OR_CLOSE
                    if (c == ']' && state == S_VALUE_OR_CLOSE) {
                        depth--;
                        i++;
                        if (depth == 0) {
                            return i;
                        }
                        state = S_AFTER;
                        continue;
                    }
                    boolean nameValue = top != null && stack[depth == 0 ? 0 : depth - 1] == '{'
                            && depth == callDepth(stack, depth) && "name".equals(depth1Key);
                    if (top != null && depth == 1 && stack[0] == '[') {
                        if (c == '{') {
                            top.reset();
                            depth1Key = null;
                        } else {
                            top.nonObjectElement = true;
                        }
                    }
                    if (c == '{' || c == '[') {
                        if (nameValue) {
                            top.nameNotString = true;
                        }
                        if (depth >= MAX_DEPTH) {
                            return INVALID;
                        }
                        if (depth == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, depth * 2);
                        }
                        stack[depth++] = c;
                        state = c == '{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
                        i++;
                        continue;
                    }
                    int e;
                    if (c == '"') {
                        if (nameValue) {
                            capture.setLength(0);
                            e = scanString(s, i, capture);
                            top.name = capture.toString();
                            top.nameComplete = e >= 0;
                        } else {
                            e = scanString(s, i, null);
                        }
                    } else {
                        if (nameValue) {
                            top.nameNotString = true;
                        }
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            e = scanNumber(s, i);
                        } else if (c == 't') {
                            e = scanLiteral(s, i, "true");
                        } else if (c == 'f') {
                            e = scanLiteral(s, i, "false");
                        } else if (c == 'n') {
                            e = scanLiteral(s, i, "null");
                        } else {
                            return INVALID;
                        }
                    }
                    if (e < 0) {
                        return e;
                    }
                    i = e;
                    if (depth == 0) {
                        return i;
                    }
                    state = S_AFTER;
                }
            }
        }
    }

    /** Depth at which call-object members live: 1 in an object, 2 in an array of objects. */
    private static int callDepth(char[] stack, int depth) {
        return depth > 0 && stack[0] == '[' ? 2 : 1;
    }

    /** {@code i} is at the opening quote. Appends decoded characters to {@code out} if given. */
    static int scanString(CharSequence s, int i, StringBuilder out) {
        final int n = s.length();
        int j = i + 1;
        while (true) {
            if (j >= n) {
                return INCOMPLETE;
            }
            char c = s.charAt(j);
            if (c == '"') {
                return j + 1;
            }
            if (c == '\\') {
                if (j + 1 >= n) {
                    return INCOMPLETE;
                }
                char e = s.charAt(j + 1);
                char decoded;
                switch (e) {
                    case '"' -> decoded = '"';
                    case '\\' -> decoded = '\\';
                    case '/' -> decoded = '/';
                    case 'b' -> decoded = '\b';
                    case 'f' -> decoded = '\f';
                    case 'n' -> decoded = '\n';
                    case 'r' -> decoded = '\r';
                    case 't' -> decoded = '\t';
                    case 'u' -> {
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            if (j + 2 + k >= n) {
                                return INCOMPLETE;
                            }
                            int h = Character.digit(s.charAt(j + 2 + k), 16);
                            if (h < 0) {
                                return INVALID;
                            }
                            v = v * 16 + h;
                        }
                        if (out != null) {
                            out.append((char) v);
                        }
                        j += 6;
                        continue;
                    }
                    default -> {
                        return INVALID;
                    }
                }
                if (out != null) {
                    out.append(decoded);
                }
                j += 2;
                continue;
            }
            if (c < 0x20) {
                return INVALID;
            }
            if (out != null) {
                out.append(c);
            }
            j++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static int scanNumber(CharSequence s, int i) {
        final int n = s.length();
        int j = i;
        if (s.charAt(j) == '-') {
            j++;
            if (j >= n) {
                return INCOMPLETE;
            }
        }
        char c = s.charAt(j);
        if (c == '0') {
            j++;
        } else if (c >= '1' && c <= '9') {
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
        } else {
            return INVALID;
        }
        if (j >= n) {
            return INCOMPLETE;
        }
        if (s.charAt(j) == '.') {
            j++;
            if (j >= n) {
                return INCOMPLETE;
            }
            if (!isDigit(s.charAt(j))) {
                return INVALID;
            }
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            if (j >= n) {
                return INCOMPLETE;
            }
        }
        c = s.charAt(j);
        if (c == 'e' || c == 'E') {
            j++;
            if (j >= n) {
                return INCOMPLETE;
            }
            c = s.charAt(j);
            if (c == '+' || c == '-') {
                j++;
                if (j >= n) {
                    return INCOMPLETE;
                }
            }
            if (!isDigit(s.charAt(j))) {
                return INVALID;
            }
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            if (j >= n) {
                return INCOMPLETE;
            }
        }
        return j;
    }

    private static int scanLiteral(CharSequence s, int i, String lit) {
        final int n = s.length();
        for (int k = 0; k < lit.length(); k++) {
            if (i + k >= n) {
                return INCOMPLETE;
            }
            if (s.charAt(i + k) != lit.charAt(k)) {
                return INVALID;
            }
        }
        return i + lit.length();
    }
}
