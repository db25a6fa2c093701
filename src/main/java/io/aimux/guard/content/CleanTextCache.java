package io.aimux.guard.content;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * SHA-256 digests of texts a scan found clean, so the history a coding agent resends every turn
 * is scanned once, not once per turn. A digest covers the scan's scope (stage and the exact set
 * of patterns that ran, see {@link GuardPolicy#scope}) and the text's UTF-16 code units, so a hit
 * means "this very text was already checked by these very patterns and nothing matched".
 * Only clean verdicts are kept: a text with findings is always rescanned, so its actions and
 * counts apply every time.
 *
 * <p>Bounded and lock-free: a fixed array of slots; each digest may sit in one of two, picked by
 * its bits, so two texts resent every turn rarely keep evicting each other as they would with one
 * slot each; when both are taken a newer digest overwrites an older one. Entries are immutable,
 * so racing readers see a whole digest or another one, never a mix.
 */
final class CleanTextCache {

    /**
     * Shorter texts are not remembered. Digesting is not the reason (about 0.1 µs for a short
     * text, a scan 1 to 15 µs): texts this short are many ("ok", "continue", ids) and cheap to
     * scan, so they would take slots from the long ones that pay off.
     */
    static final int MIN_CHARS = 32;
    /** Characters encoded per digest update. */
    private static final int CHUNK = 2048;

    /** One clean digest (256 bits). */
    record Digest(long a, long b, long c, long d) {}

    private final AtomicReferenceArray<Digest> slots;
    private final ThreadLocal<Hasher> hashers = ThreadLocal.withInitial(Hasher::new);

    /** {@code entries} slots; 0 turns the cache off. */
    CleanTextCache(int entries) {
        this.slots = entries > 0 ? new AtomicReferenceArray<>(entries) : null;
    }

    /** The digest of {@code text} scanned within {@code scope}; null when the cache is off or the text too short to be worth it. */
    Digest digest(byte[] scope, String text) {
        if (slots == null || text.length() < MIN_CHARS) {
            return null;
        }
        return hashers.get().digest(scope, text);
    }

    boolean isClean(Digest digest) {
        return digest.equals(slots.get(slot(digest.a()))) || digest.equals(slots.get(slot(digest.b())));
    }

    /** Into the first free of its two slots; both taken: over one of them, chosen by another digest bit. */
    void markClean(Digest digest) {
        int first = slot(digest.a());
        int second = slot(digest.b());
        int slot = slots.get(first) == null ? first : slots.get(second) == null ? second : (digest.c() & 1) == 0 ? first : second;
        slots.set(slot, digest);
    }

    /** Entries held (for tests and diagnostics; walks every slot). */
    int size() {
        if (slots == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            n += slots.get(i) != null ? 1 : 0;
        }
        return n;
    }

    int capacity() {
        return slots == null ? 0 : slots.length();
    }

    private int slot(long bits) {
        return (int) Long.remainderUnsigned(bits, slots.length());
    }

    /** A digest and an encoding buffer per thread, reused, so a lookup allocates only its result. */
    private static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] buffer = new byte[2 * CHUNK];
        private final byte[] out = new byte[32];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime provides SHA-256", e);
            }
        }

        Digest digest(byte[] scope, String text) {
            sha256.reset();
            sha256.update(scope); // fixed length per engine, so scope and text cannot run into each other
            int length = text.length();
            for (int from = 0; from < length; from += CHUNK) {
                int to = Math.min(length, from + CHUNK);
                int k = 0;
                for (int i = from; i < to; i++) {
                    char c = text.charAt(i);
                    buffer[k++] = (byte) (c >>> 8);
                    buffer[k++] = (byte) c;
                }
                sha256.update(buffer, 0, k);
            }
            try {
                sha256.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 output is 32 bytes", e);
            }
            return new Digest(longAt(0), longAt(8), longAt(16), longAt(24));
        }

        private long longAt(int i) {
            long v = 0;
            for (int k = i; k < i + 8; k++) {
                v = (v << 8) | (out[k] & 0xFF);
            }
            return v;
        }
    }
}
