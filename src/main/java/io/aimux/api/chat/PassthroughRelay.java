package io.aimux.api.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.api.anthropic.AnthropicStreamEncoder;
import io.aimux.api.openai.OpenAiStreamEncoder;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.SseEventParser;
import io.aimux.chat.StreamFormatException;
import io.aimux.chat.Usage;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.WireDecoders;
import io.aimux.provider.anthropic.AnthropicResponseDecoder;
import io.aimux.provider.openai.OpenAiStreamDecoder;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Relays a same-protocol answer as the upstream wrote it, event by event or as one body, reading
 * only what usage accounting needs on the way. The one rewrite: the usage chunk the gateway asked
 * an OpenAI-type upstream for on its own behalf is left out when the client did not ask for it.
 */
final class PassthroughRelay {

    /** What the relay reports back to the exchange it serves. */
    interface Exchange {
        void usage(Usage usage);

        void upstreamEnded();

        void completed(Outcome outcome);

        void fail(GatewayException error);
    }

    private final Exchange exchange;
    private final ClientWriter writer;
    private final UpstreamReply reply;
    private final WireProtocol protocol;
    private final ChatService.ClientRequest request;
    private final ObjectMapper mapper;
    private final String provider;

    PassthroughRelay(Exchange exchange, ClientWriter writer, UpstreamReply reply, ChatService.ClientRequest request,
            ObjectMapper mapper, String provider) {
        this.exchange = exchange;
        this.writer = writer;
        this.reply = reply;
        this.protocol = request.protocol();
        this.request = request;
        this.mapper = mapper;
        this.provider = provider;
    }

    void stream() {
        boolean openAi = protocol == WireProtocol.OPENAI;
        boolean[] done = {false};
        boolean[] broken = {false};
        SseEventParser parser = new SseEventParser(WireDecoders.MAX_SSE_EVENT, event -> {
            String data = event.data();
            if (openAi ? data.equals("[DONE]") : "message_stop".equals(event.event())) {
                done[0] = true;
            }
            if (hasUsageObject(data)) {
                JsonNode node = readJson(data);
                if (node != null && node.isObject()) {
                    JsonNode u = openAi ? node.get("usage") : node.has("message") ? node.path("message").get("usage") : node.get("usage");
                    if (u != null && u.isObject()) {
                        exchange.usage(openAi ? OpenAiStreamDecoder.usage(u) : AnthropicResponseDecoder.usage(u));
                    }
                    if (openAi && !request.wantsUsage() && node.path("choices").isArray() && node.path("choices").isEmpty()) {
                        return; // the usage chunk the gateway asked for on its own behalf
                    }
                }
            }
            writer.frame(Buffer.buffer(event.raw()).appendString("\n\n"));
        });
        reply.streamBytes(chunk -> {
            if (broken[0]) {
                return;
            }
            try {
                parser.feed(chunk.getBytes());
            } catch (StreamFormatException e) {
                broken[0] = true;
                reply.cancel();
                finish(false, e.getMessage());
            }
        }, error -> {
            if (broken[0]) {
                return;
            }
            parser.finish();
            exchange.upstreamEnded();
            finish(done[0] && error == null, error == null
                    ? "upstream stream ended before its terminal event" : "upstream stream broke off");
        });
    }

    /** Ends the relayed stream; one that broke off ends with an error event in the client's protocol. */
    private void finish(boolean complete, String problem) {
        if (complete) {
            writer.end();
            exchange.completed(Outcome.OK);
            return;
        }
        if (!writer.committed()) {
            writer.discard();
            exchange.fail(new GatewayException(ErrorKind.UPSTREAM, problem));
            return;
        }
        ChatEventSink encoder = protocol == WireProtocol.OPENAI
                ? new OpenAiStreamEncoder(request.model(), false, writer::frame)
                : new AnthropicStreamEncoder(request.model(), writer::frame);
        encoder.accept(new ChatEvent.Failure("api_error", problem));
        writer.end();
        exchange.completed(Outcome.UPSTREAM_ERROR);
    }

    void body(long maxBytes) {
        WireDecoders.collect(reply, maxBytes, bytes -> {
            exchange.upstreamEnded();
            JsonNode u;
            try {
                u = topLevelField(bytes, "usage");
            } catch (IOException e) {
                exchange.fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + provider + "' sent a body that is not JSON"));
                return;
            }
            if (u != null && u.isObject()) {
                exchange.usage(protocol == WireProtocol.OPENAI ? OpenAiStreamDecoder.usage(u) : AnthropicResponseDecoder.usage(u));
            }
            writer.json(Buffer.buffer(bytes));
            exchange.completed(Outcome.OK);
        }, problem -> {
            exchange.upstreamEnded();
            exchange.fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + provider + "' " + problem));
        });
    }

    /**
     * Reads one top-level field of a JSON object without building the whole tree (the relayed
     * body itself is never re-encoded). Fails if the body is not a well-formed JSON object.
     */
    private JsonNode topLevelField(byte[] bytes, String field) throws IOException {
        JsonNode found = null;
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (found == null && field.equals(name)) {
                    found = mapper.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return found;
    }

    /** Cheap check for {@code "usage": {…}}, so chunks carrying {@code "usage": null} are not parsed. */
    static boolean hasUsageObject(String data) {
        int at = data.indexOf("\"usage\"");
        while (at >= 0) {
            int i = at + 7;
            while (i < data.length() && (data.charAt(i) == ' ' || data.charAt(i) == ':')) {
                i++;
            }
            if (i < data.length() && data.charAt(i) == '{') {
                return true;
            }
            at = data.indexOf("\"usage\"", i);
        }
        return false;
    }

    private JsonNode readJson(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
