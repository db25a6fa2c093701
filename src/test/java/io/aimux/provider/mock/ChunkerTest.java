package io.aimux.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    @Test
    void chunksAreSmallAndLossless() {
        String text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.";
        List<String> chunks = Chunker.split(text);
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isBetween(3, 12));
        assertThat(Chunker.split(text)).isEqualTo(chunks); // deterministic
        assertThat(Chunker.split("")).isEmpty();
    }

    @Test
    void markersAreCutInTheMiddle() {
        String text = "ok <tool_call>x</tool_call> and <tool_call>y</tool_call>";
        List<String> chunks = Chunker.split(text, List.of("<tool_call>"));
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).noneMatch(c -> c.contains("<tool_call>"));
        assertThat(MockProviderTest.cutAcross(chunks, "<tool_call>")).isTrue();
    }

    @Test
    void surrogatePairsStayWhole() {
        String text = "😀".repeat(20);
        for (String chunk : Chunker.split(text)) {
            assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
        }
    }
}
