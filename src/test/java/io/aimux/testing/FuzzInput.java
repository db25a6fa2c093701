package io.aimux.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reads choices from a fuzz input front to back, so that a seed file's first bytes steer the
 * harness and the rest is data; an exhausted input reads as zeros, which the harnesses treat as
 * "stop". Small mutations of the input make small changes of the choices, which is what a
 * coverage-guided fuzzer needs.
 */
public final class FuzzInput {

    private final byte[] data;
    private int pos;

    public FuzzInput(byte[] data) {
        this.data = data;
    }

    public boolean exhausted() {
        return pos >= data.length;
    }

    /** The next byte, 0 to 255; 0 once exhausted. */
    public int nextByte() {
        return pos < data.length ? data[pos++] & 0xFF : 0;
    }

    /** A number in [0, bound), from one byte (two when bound exceeds 256). */
    public int below(int bound) {
        if (bound <= 1) {
            return 0;
        }
        int raw = bound > 256 ? nextByte() << 8 | nextByte() : nextByte();
        return raw % bound;
    }

    public boolean nextBoolean() {
        return (nextByte() & 1) != 0;
    }

    public <T> T pick(List<T> options) {
        return options.get(below(options.size()));
    }

    /** Up to {@code max} bytes, decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String text(int max) {
        int n = Math.min(below(max + 1), data.length - pos);
        String s = new String(data, pos, Math.max(0, n), StandardCharsets.UTF_8);
        pos += Math.max(0, n);
        return s;
    }

    /** Everything not read yet. */
    public byte[] rest() {
        byte[] out = new byte[data.length - Math.min(pos, data.length)];
        System.arraycopy(data, Math.min(pos, data.length), out, 0, out.length);
        pos = data.length;
        return out;
    }

    /**
     * Cuts bytes into pieces of 1 to {@code longest} bytes at points drawn from {@code seed}, as a
     * network would: UTF-8 characters and CRLF pairs may be split across pieces.
     */
    public static List<byte[]> chunks(byte[] bytes, int longest, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; ) {
            int j = Math.min(bytes.length, i + 1 + rnd.nextInt(Math.max(1, longest)));
            byte[] piece = new byte[j - i];
            System.arraycopy(bytes, i, piece, 0, piece.length);
            out.add(piece);
            if (rnd.nextInt(16) == 0) {
                out.add(new byte[0]); // empty reads happen
            }
            i = j;
        }
        return out;
    }
}
