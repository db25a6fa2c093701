package io.aimux.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.SseEvent;
import io.aimux.chat.SseEventParser;
import io.aimux.chat.StreamFormatException;
import io.aimux.chat.WireProtocol;
import io.aimux.provider.anthropic.AnthropicResponseDecoder;
import io.aimux.provider.anthropic.AnthropicStreamDecoder;
import io.aimux.provider.openai.OpenAiResponseDecoder;
import io.aimux.provider.openai.OpenAiStreamDecoder;
import io.aimux.provider.responses.ResponsesDecoder;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The one place that picks a decoder by wire format, and decodes a wire reply into events: a
 * stream event by event as bytes arrive, a body once complete within its bound. Every decode
 * ends the sink exactly once, with a {@link ChatEvent.Failure} before it when the answer broke.
 */
public final class WireDecoders {

    /** Largest single SSE event accepted from an upstream. */
    public static final int MAX_SSE_EVENT = 16 * 1024 * 1024;

    private WireDecoders() {}

    /** An SSE decoder of one wire format. */
    public interface StreamDecoder {
        void onEvent(SseEvent event);

        /** Whether the terminal event arrived. */
        boolean done();
    }

    public static StreamDecoder stream(WireProtocol protocol, ObjectMapper mapper, ChatEventSink sink) {
        return protocol == WireProtocol.OPENAI ? new OpenAiStreamDecoder(mapper, sink) : new AnthropicStreamDecoder(mapper, sink);
    }

    /** Decodes one complete JSON answer (ends the sink). */
    public static void body(WireProtocol protocol, JsonNode body, ChatEventSink sink) {
        if (protocol == WireProtocol.OPENAI) {
            OpenAiResponseDecoder.decode(body, sink);
        } else {
            AnthropicResponseDecoder.decode(body, sink);
        }
    }

    /** Decodes a streamed reply as its bytes arrive. */
    public static void decodeStream(UpstreamReply reply, WireProtocol protocol, ObjectMapper mapper, ChatEventSink sink) {
        decodeStream(reply, stream(protocol, mapper, sink), sink);
    }

    /** Decodes a streamed reply of an upstream that speaks the Responses API. */
    public static void decodeResponsesStream(UpstreamReply reply, ObjectMapper mapper, ChatEventSink sink) {
        decodeStream(reply, new ResponsesDecoder(mapper, sink), sink);
    }

    private static void decodeStream(UpstreamReply reply, StreamDecoder decoder, ChatEventSink sink) {
        SseEventParser parser = new SseEventParser(MAX_SSE_EVENT, decoder::onEvent);
        boolean[] failed = {false};
        reply.streamBytes(chunk -> {
            if (failed[0]) {
                return;
            }
            try {
                parser.feed(chunk.getBytes());
            } catch (StreamFormatException e) {
                failed[0] = true;
                reply.cancel();
                sink.accept(new ChatEvent.Failure("api_error", e.getMessage()));
                sink.end();
            }
        }, error -> {
            if (failed[0]) {
                return;
            }
            try {
                parser.finish();
            } catch (StreamFormatException e) {
                sink.accept(new ChatEvent.Failure("api_error", e.getMessage()));
            }
            if (error != null) {
                sink.accept(UpstreamReply.brokeOff(error, "upstream stream broke off"));
            } else if (!decoder.done()) {
                sink.accept(new ChatEvent.Failure("api_error", "upstream stream ended before its terminal event"));
            }
            sink.end();
        });
    }

    /** Reads a whole reply within {@code maxBytes}, then decodes it. */
    public static void decodeBody(UpstreamReply reply, WireProtocol protocol, ObjectMapper mapper, long maxBytes,
            String provider, ChatEventSink sink) {
        decodeBody(reply, mapper, maxBytes, provider, sink, node -> body(protocol, node, sink));
    }

    /** Reads a whole reply of an upstream that speaks the Responses API within {@code maxBytes}, then decodes it. */
    public static void decodeResponsesBody(UpstreamReply reply, ObjectMapper mapper, long maxBytes, String provider,
            ChatEventSink sink) {
        decodeBody(reply, mapper, maxBytes, provider, sink, node -> ResponsesDecoder.body(node, sink));
    }

    private static void decodeBody(UpstreamReply reply, ObjectMapper mapper, long maxBytes, String provider,
            ChatEventSink sink, Consumer<JsonNode> decode) {
        collect(reply, maxBytes, bytes -> {
            JsonNode node;
            try {
                node = mapper.readTree(bytes);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                sink.accept(new ChatEvent.Failure("api_error", "upstream '" + provider + "' sent a body that is not JSON"));
                sink.end();
                return;
            }
            decode.accept(node);
        }, provider, failure -> {
            sink.accept(failure);
            sink.end();
        });
    }

    /**
     * Collects a reply's bytes within {@code maxBytes}: {@code onBody} gets them all, or
     * {@code onProblem} the failure (written for clients, a silence as a timeout) that left none.
     */
    public static void collect(UpstreamReply reply, long maxBytes, Consumer<byte[]> onBody, String provider,
            Consumer<ChatEvent.Failure> onProblem) {
        Buffer body = Buffer.buffer();
        boolean[] tooBig = {false};
        reply.streamBytes(chunk -> {
            if (tooBig[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                tooBig[0] = true;
                reply.cancel();
                onProblem.accept(new ChatEvent.Failure("api_error",
                        "upstream '" + provider + "' sent an answer larger than " + maxBytes + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        }, error -> {
            if (tooBig[0]) {
                return;
            }
            if (error != null) {
                onProblem.accept(UpstreamReply.brokeOff(error, "upstream '" + provider + "' broke off its answer"));
                return;
            }
            onBody.accept(body.getBytes());
        });
    }
}
