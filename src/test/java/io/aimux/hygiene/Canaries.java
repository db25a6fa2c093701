package io.aimux.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Secret-shaped strings unique to one test run, assembled at run time (nothing in the repository
 * looks like a key). A canary counts as shown when its whole value or any six consecutive
 * characters of its random part appear, so a key cut in half still counts.
 */
enum Canaries {
    /** The calling client's own gateway key. */
    CLIENT_KEY("sk-" + "gw-client-"),
    /** Another client's gateway key, configured but never sent. */
    OTHER_CLIENT_KEY("sk-" + "gw-other-"),
    ADMIN_KEY("sk-" + "gw-admin-"),
    /** Sent as a wrong {@code Authorization: Bearer} key. */
    WRONG_KEY("sk-ant-" + "api03-"),
    /** Sent in {@code x-api-key} (wrong alone, ignored next to a valid Authorization). */
    X_API_KEY("sk-" + "proj-"),
    /** Sent in made-up {@code x-*} headers. */
    HEADER("ghp" + "_"),
    /** Inside the prompt: goes upstream by design, and may come back to the same client in an upstream error. */
    PROMPT("AK" + "IA"),
    /** The OpenAI-type provider's key, in a shape the key heuristic masks when it sees it whole. */
    OPENAI_PROVIDER_KEY("sk-" + "proj-"),
    /** The Anthropic-type provider's key, in a shape the key heuristic does not recognise. */
    ANTHROPIC_PROVIDER_KEY("AI" + "zaSy");

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int WINDOW = 6;
    static final int TOKEN_LENGTH = 24;

    private final String value;
    private final String token;

    Canaries(String prefix) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            t.append(LETTERS.charAt(ThreadLocalRandom.current().nextInt(LETTERS.length())));
        }
        this.token = t.toString();
        this.value = prefix + token;
    }

    String value() {
        return value;
    }

    boolean shownIn(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i + WINDOW <= token.length(); i++) {
            if (text.contains(token.substring(i, i + WINDOW))) {
                return true;
            }
        }
        return false;
    }

    /** The canaries of {@code among} shown in {@code text}. */
    static List<Canaries> shown(String text, List<Canaries> among) {
        List<Canaries> found = new ArrayList<>();
        for (Canaries c : among) {
            if (c.shownIn(text)) {
                found.add(c);
            }
        }
        return found;
    }
}
