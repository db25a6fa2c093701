package io.aimux.provider.mock;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits generated text into streaming chunks the way a tokenizer-driven upstream does: pieces of
 * 3 to 12 characters in a fixed, repeating pattern (deterministic), never inside a surrogate pair.
 * Each occurrence of a "cut marker" is additionally split in its middle, so special tokens and
 * tags arrive in two pieces, as in the conformance streams.
 */
final class Chunker {

    private static final int[] SIZES = {5, 9, 4, 11, 7, 3, 8, 12, 6, 10};

    private Chunker() {}

    static List<String> split(String text) {
        return split(text, List.of());
    }

    static List<String> split(String text, List<String> cutMarkers) {
        List<String> chunks = new ArrayList<>();
        chunks(text, cutMarkers).forEachRemaining(chunks::add);
        return chunks;
    }

    /** The same chunks, made one at a time as they are asked for. */
    static Iterator<String> chunks(String text, List<String> cutMarkers) {
        TreeSet<Integer> forced = new TreeSet<>();
        for (String marker : cutMarkers) {
            if (marker.length() < 2) {
                continue;
            }
            int from = 0;
            int at;
            while ((at = text.indexOf(marker, from)) >= 0) {
                forced.add(at + marker.length() / 2);
                from = at + marker.length();
            }
        }
        return new Iterator<>() {
            private int pos;
            private int step;

            @Override
            public boolean hasNext() {
                return pos < text.length();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(text.length(), pos + SIZES[step++ % SIZES.length]);
                Integer cut = forced.higher(pos);
                if (cut != null && cut < end) {
                    end = cut;
                }
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end++;
                }
                String chunk = text.substring(pos, end);
                pos = end;
                return chunk;
            }
        };
    }
}
