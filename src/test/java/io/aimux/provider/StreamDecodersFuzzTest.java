package io.aimux.provider;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.SseEvent;
import io.aimux.chat.SseEventParser;
import io.aimux.chat.StreamFormatException;
import io.aimux.chat.WireProtocol;
import io.aimux.testing.FuzzInput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of what reads upstream streams: the SSE parser ({@code chat.SseEventParser}) and the
 * OpenAI and Anthropic stream decoders behind it, fed the stream in arbitrary network chunkings.
 *
 * <p>An input is two header bytes and the stream: byte 0 gives the longest chunk,
 * {@code 1 + (b & 63)} bytes, byte 1 seeds the cut points (so UTF-8 characters and CRLF pairs get
 * split across chunks). Seed files start with two printable characters: {@code "@k"} cuts into
 * single bytes, {@code "Ok"} into pieces of up to 16 bytes, {@code "?k"} up to 64. Seeds live in
 * {@code src/test/resources/io/aimux/provider/StreamDecodersFuzzTestInputs/}; docs/fuzzing.md says
 * how to fuzz for real.
 *
 * <p>The properties: the only exception is {@link StreamFormatException} (which the gateway turns
 * into a clean failure event); the chunking never changes the result; what is buffered stays within
 * the parser's bound; decoded events are consistent (argument fragments only for calls that were
 * started, at most one finish) and no larger than the stream they came from.
 */
class StreamDecodersFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A stream and how the network cut it. */
    record Input(byte[] stream, List<byte[]> chunks, int longest) {

        static Input decode(byte[] data) {
            FuzzInput in = new FuzzInput(data);
            int longest = 1 + (in.nextByte() & 63);
            long seed = in.nextByte();
            byte[] stream = in.rest();
            return new Input(stream, FuzzInput.chunks(stream, longest, seed), longest);
        }
    }

    /** An SSE event in a comparable form (its raw bytes as Latin-1, which maps bytes one to one). */
    record Seen(String raw, String event, String data) {
        static Seen of(SseEvent e) {
            return new Seen(new String(e.raw(), StandardCharsets.ISO_8859_1), e.event(), e.data());
        }
    }

    private static List<Seen> parse(List<byte[]> chunks, int maxEventBytes) {
        List<Seen> out = new ArrayList<>();
        SseEventParser parser = new SseEventParser(maxEventBytes, e -> out.add(Seen.of(e)));
        chunks.forEach(parser::feed);
        parser.finish();
        return out;
    }

    /**
     * Whole or chunked, the parser finds the same events. With a small bound, a chunked feed may be
     * refused (only with StreamFormatException), but never buffers more than the bound plus one
     * chunk, and what it emitted before is what the whole stream starts with.
     */
    @FuzzTest
    void sseParser(byte[] data) {
        Input in = Input.decode(data);
        List<Seen> whole = parse(List.of(in.stream()), Integer.MAX_VALUE);
        assertThat(parse(in.chunks(), Integer.MAX_VALUE)).as("chunked by up to %d bytes", in.longest()).isEqualTo(whole);
        int bound = 256;
        List<Seen> bounded = new ArrayList<>();
        SseEventParser parser = new SseEventParser(bound, e -> bounded.add(Seen.of(e)));
        try {
            in.chunks().forEach(parser::feed);
            parser.finish();
            assertThat(bounded).isEqualTo(whole);
        } catch (StreamFormatException e) {
            assertThat(bounded.size()).isLessThanOrEqualTo(whole.size());
            assertThat(bounded).isEqualTo(whole.subList(0, bounded.size()));
        }
        for (Seen event : bounded) {
            assertThat(event.raw().length()).isLessThanOrEqualTo(bound + in.longest());
        }
    }

    @FuzzTest
    void openAiStream(byte[] data) {
        decode(WireProtocol.OPENAI, data);
    }

    @FuzzTest
    void anthropicStream(byte[] data) {
        decode(WireProtocol.ANTHROPIC, data);
    }

    /** What a decoder made of a stream: its events, whether it saw the terminal event, its refusal. */
    record Decoded(List<ChatEvent> events, boolean done, String refusal) {}

    private static Decoded run(WireProtocol protocol, List<byte[]> chunks) {
        List<ChatEvent> events = new ArrayList<>();
        ChatEventSink sink = new ChatEventSink() {
            @Override
            public void accept(ChatEvent event) {
                events.add(event);
            }

            @Override
            public void end() {
            }
        };
        WireDecoders.StreamDecoder decoder = WireDecoders.stream(protocol, MAPPER, sink);
        SseEventParser parser = new SseEventParser(WireDecoders.MAX_SSE_EVENT, decoder::onEvent);
        try {
            chunks.forEach(parser::feed);
            parser.finish();
        } catch (StreamFormatException e) {
            return new Decoded(events, decoder.done(), e.getMessage());
        }
        return new Decoded(events, decoder.done(), null);
    }

    private static void decode(WireProtocol protocol, byte[] data) {
        Input in = Input.decode(data);
        Decoded whole = run(protocol, List.of(in.stream()));
        assertThat(run(protocol, in.chunks())).as("chunked by up to %d bytes", in.longest()).isEqualTo(whole);
        if (whole.refusal() != null) {
            assertThat(whole.refusal()).doesNotContain("Exception", "com.fasterxml").hasSizeLessThan(200);
        }
        int started = 0;
        int finishes = 0;
        long size = 0;
        for (ChatEvent event : whole.events()) {
            if (event instanceof ChatEvent.ToolCallStart s) {
                assertThat(s.index()).isEqualTo(started);
                started++;
                size += length(s.id()) + length(s.name());
            } else if (event instanceof ChatEvent.ToolCallDelta d) {
                assertThat(d.index()).isBetween(0, started - 1);
                size += d.argumentsFragment().length();
            } else if (event instanceof ChatEvent.Finish) {
                finishes++;
            } else if (event instanceof ChatEvent.Failure f) {
                assertThat(f.message()).hasSizeLessThanOrEqualTo(400);
                size += f.message().length();
            } else {
                size += ChatEvent.payloadChars(event);
            }
        }
        assertThat(finishes).isLessThanOrEqualTo(protocol == WireProtocol.OPENAI ? 1 : whole.events().size());
        assertThat(size).as("decoded size of a %d-byte stream", in.stream().length)
                .isLessThanOrEqualTo(2L * in.stream().length + 64);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
