package io.aimux.chat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseEventParserTest {

    private static List<SseEvent> parse(byte[] bytes, int[] cuts) {
        List<SseEvent> out = new ArrayList<>();
        SseEventParser parser = new SseEventParser(1 << 20, out::add);
        int from = 0;
        for (int cut : cuts) {
            byte[] part = new byte[cut - from];
            System.arraycopy(bytes, from, part, 0, part.length);
            parser.feed(part);
            from = cut;
        }
        byte[] rest = new byte[bytes.length - from];
        System.arraycopy(bytes, from, rest, 0, rest.length);
        parser.feed(rest);
        parser.finish();
        return out;
    }

    @Test
    void namesDataAndLineEndings() {
        String stream = "event: message_start\ndata: {\"a\":1}\n\n: comment\r\n\r\ndata: x\r\ndata: y\r\n\r\n"
                + "event: ping\rdata: {}\r\rdata: [DONE]\n\n";
        List<SseEvent> events = parse(stream.getBytes(StandardCharsets.UTF_8), new int[0]);
        assertThat(events).extracting(SseEvent::event).containsExactly("message_start", null, null, "ping", null);
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}", "", "x\ny", "{}", "[DONE]");
        assertThat(new String(events.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo(": comment");
        assertThat(new String(events.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("event: message_start\ndata: {\"a\":1}");
    }

    @Test
    void anySplitGivesTheSameEventsIncludingCutMultiByteCharacters() {
        String stream = "data: {\"content\":\"héllo ｜tool▁calls｜ 🎉\"}\r\n\r\nevent: e\ndata: second\n\ndata: [DONE]\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> whole = parse(bytes, new int[0]);
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(6);
            int[] cuts = random.ints(n, 0, bytes.length + 1).sorted().toArray();
            List<SseEvent> split = parse(bytes, cuts);
            assertThat(split).extracting(SseEvent::data).isEqualTo(whole.stream().map(SseEvent::data).toList());
            assertThat(split).extracting(SseEvent::event).isEqualTo(whole.stream().map(SseEvent::event).toList());
        }
    }

    @Test
    void finalEventWithCompleteLinesIsKeptButACutLineIsDropped() {
        assertThat(parse("data: tail\n".getBytes(StandardCharsets.UTF_8), new int[0])).extracting(SseEvent::data)
                .containsExactly("tail");
        assertThat(parse("data: {\"a\":1}\n\ndata: {\"id\":\"c1\",\"cho".getBytes(StandardCharsets.UTF_8), new int[0]))
                .extracting(SseEvent::data).containsExactly("{\"a\":1}");
    }

    @Test
    void aLongLineInManyChunksIsScannedOnce() {
        List<SseEvent> out = new ArrayList<>();
        SseEventParser parser = new SseEventParser(1 << 25, out::add);
        byte[] piece = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
        parser.feed("data: ".getBytes(StandardCharsets.UTF_8));
        long started = System.nanoTime();
        for (int i = 0; i < 16 * 1024; i++) { // 16 MiB in 1 KiB chunks
            parser.feed(piece);
        }
        parser.feed("\n\n".getBytes(StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(out).singleElement().satisfies(e -> assertThat(e.data()).hasSize(16 * 1024 * 1024));
        // quadratic rescanning would take minutes here; linear takes well under a second
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void oversizedEventIsRefused() {
        SseEventParser parser = new SseEventParser(16, e -> { });
        assertThatThrownBy(() -> parser.feed("data: 0123456789abcdefghij".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StreamFormatException.class);
    }
}
