package io.aimux.chat;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers in the shapes the client protocols use. */
public final class Ids {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {
    }

    public static String random(String prefix, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    public static String openAiCall() {
        return random("call_", 24);
    }

    public static String anthropicToolUse() {
        return random("toolu_", 24);
    }
}
