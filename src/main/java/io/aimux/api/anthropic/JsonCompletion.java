package io.aimux.api.anthropic;

/**
 * Tells, fragment by fragment, whether streamed JSON text has closed its outermost object or
 * array. Only structure is tracked (strings and escapes skipped), nothing is parsed.
 */
final class JsonCompletion {

    private int depth;
    private boolean started;
    private boolean inString;
    private boolean escaped;

    void reset() {
        depth = 0;
        started = false;
        inString = false;
        escaped = false;
    }

    void feed(String fragment) {
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
                started = true;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    boolean complete() {
        return started && depth <= 0 && !inString;
    }
}
