package io.aimux.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** Extracts the few upstream error fields that are safe to show a client. */
public final class UpstreamErrors {

    private static final int MAX_MESSAGE = 300;

    private UpstreamErrors() {
    }

    /**
     * The upstream's error type when it is a plain name ({@code overloaded_error},
     * {@code rate_limit_error}…), so the failure keeps its kind; {@code api_error} otherwise.
     */
    public static String type(JsonNode error) {
        String type = error.path("type").asText("");
        if (type.isEmpty() || type.length() > 64) {
            return "api_error";
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || c == '_')) {
                return "api_error";
            }
        }
        return type;
    }

    /**
     * The upstream's error message with anything shaped like a key masked, then shortened. Masking
     * comes first and the cut never falls inside a word, so no key is ever shown in part: a key
     * cut in two no longer looks like one, and its first half would pass any later check.
     */
    public static String safeMessage(JsonNode error) {
        String message = error.path("message").asText("");
        if (message.isBlank()) {
            return "upstream error";
        }
        return shorten(redact(message));
    }

    /** At most {@link #MAX_MESSAGE} characters, cut before the word that crosses the limit. */
    static String shorten(String text) {
        if (text.length() <= MAX_MESSAGE) {
            return text;
        }
        int cut = MAX_MESSAGE;
        while (cut > 0 && isKeyChar(text.charAt(cut - 1)) && isKeyChar(text.charAt(cut))) {
            cut--;
        }
        String head = text.substring(0, cut).stripTrailing();
        return head.isEmpty() ? "upstream error" : head + "…";
    }

    /**
     * Masks one known secret (the provider's own key, whatever its shape) in a message: every whole
     * occurrence, and a first part of it (four characters or more) where a shortened message ends.
     */
    public static String mask(String message, String secret) {
        if (message == null || secret == null || secret.length() < 4) {
            return message;
        }
        String out = message.replace(secret, "***");
        boolean cut = out.endsWith("…");
        String body = cut ? out.substring(0, out.length() - 1) : out;
        for (int k = Math.min(secret.length() - 1, body.length()); k >= 4; k--) {
            if (body.endsWith(secret.substring(0, k))) {
                return body.substring(0, body.length() - k) + "***" + (cut ? "…" : "");
            }
        }
        return out;
    }

    /**
     * Masks what the guard's log stage redacts (provider keys, private keys, credential
     * assignments…), then any other token that looks like a credential (long runs of key
     * characters after a key prefix).
     */
    public static String redact(String text) {
        text = io.aimux.guard.content.GuardEngine.scrubbed(text);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && isKeyChar(text.charAt(end))) {
                end++;
            }
            if (end > i) {
                String word = text.substring(i, end);
                out.append(looksLikeKey(word) ? word.substring(0, Math.min(3, word.length())) + "***" : word);
                i = end;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    private static boolean looksLikeKey(String word) {
        if (word.length() < 20) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < word.length(); i++) {
            if (Character.isDigit(word.charAt(i))) {
                digits++;
            }
        }
        return word.startsWith("sk-") || word.startsWith("key-") || digits >= 4;
    }
}
