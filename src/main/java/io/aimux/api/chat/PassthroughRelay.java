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
import io.aimux.provider.UpstreamErrors;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.WireDecoders;
import io.aimux.provider.anthropic.AnthropicResponseDecoder;
import io.aimux.provider.openai.OpenAiStreamDecoder;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Relays a same-protocol answer as the upstream wrote it, event by event or as one body, reading
 * only what usage accounting and the failure rules need on the way. Rewritten are: the usage
 * chunk the gateway asked an OpenAI-type upstream for on its own behalf (left out when the client
 * did not ask for it), and failures: an upstream error event, a 200 carrying an error body, or a
 * stream that is not SSE never reach the client raw. Before the first byte they fail over or
 * become a proper status; after it they end the stream with one error event of the gateway's,
 * carrying the upstream's redacted message.
 */
final class PassthroughRelay {

    /** What the relay reports back to the exchange it serves. */
    interface Exchange {
        void usage(Usage usage);

        void upstreamEnded();

        void completed(Outcome outcome);

        void fail(GatewayException error);

        /** Tries the next target of the chain; false when there is none or the failure is final. */
        boolean failOver(ChatEvent.Failure failure);
    }

    private final Exchange exchange;
    private final ClientWriter writer;
    private final UpstreamReply reply;
    private final WireProtocol protocol;
    private final ChatService.ClientRequest request;
    private final ObjectMapper mapper;
    private final String provider;
    /** The provider's key, masked in what its upstream says whatever its shape; null if none. */
    private final String secret;
    /** The Responses front door when the upstream speaks Responses too, else null. */
    private final FrontDoor door;
    /** Events relayed so far (a Responses stream's sequence numbers count them). */
    private int relayed;

    PassthroughRelay(Exchange exchange, ClientWriter writer, UpstreamReply reply, ChatService.ClientRequest request,
            ObjectMapper mapper, String provider, String secret, FrontDoor door) {
        this.door = door;
        this.exchange = exchange;
        this.writer = writer;
        this.reply = reply;
        this.protocol = request.protocol();
        this.request = request;
        this.mapper = mapper;
        this.provider = provider;
        this.secret = secret;
    }

    void stream() {
        String type = reply.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            reply.cancel(); // an HTML page or JSON with status 200 is no stream: never relayed
            failure(new ChatEvent.Failure("api_error", "upstream '" + provider + "' answered a stream request with "
                    + UpstreamErrors.redact(type.length() > 60 ? type.substring(0, 60) : type)));
            return;
        }
        boolean responses = door != null;
        boolean openAi = protocol == WireProtocol.OPENAI && !responses;
        boolean[] done = {false};
        boolean[] ended = {false};
        boolean[] failedResponse = {false};
        SseEventParser parser = new SseEventParser(WireDecoders.MAX_SSE_EVENT, event -> {
            if (ended[0]) {
                return;
            }
            String data = event.data();
            String kind = responses ? responsesType(event.event(), data) : null;
            if (responses ? RESPONSES_TERMINALS.contains(kind) : openAi ? data.equals("[DONE]") : "message_stop".equals(event.event())) {
                done[0] = true;
                failedResponse[0] = "response.failed".equals(kind);
            }
            if (!data.isEmpty() && !(openAi && data.equals("[DONE]")) && !wellFormed(data)) {
                ended[0] = true; // relayed raw it would break the client's parser mid-answer
                reply.cancel();
                failure(new ChatEvent.Failure("api_error", "upstream '" + provider + "' sent an event that is not JSON"));
                return;
            }
            if (responses ? "error".equals(kind) : isError(event.event(), data)) {
                JsonNode node = readJson(data);
                JsonNode error = node == null ? null : node.get("error");
                ended[0] = true;
                reply.cancel();
                failure(new ChatEvent.Failure(error != null ? UpstreamErrors.type(error) : "api_error",
                        error != null ? UpstreamErrors.mask(UpstreamErrors.safeMessage(error), secret) : "upstream sent an error"));
                return;
            }
            if (hasUsageObject(data)) {
                JsonNode node = readJson(data);
                if (node != null && node.isObject()) {
                    JsonNode u = responses ? node.path("response").get("usage") : openAi ? node.get("usage")
                            : node.has("message") ? node.path("message").get("usage") : node.get("usage");
                    if (u != null && u.isObject()) {
                        exchange.usage(usageOf(u));
                    }
                    if (openAi && !request.wantsUsage() && node.path("choices").isArray() && node.path("choices").isEmpty()) {
                        return; // the usage chunk the gateway asked for on its own behalf
                    }
                }
            }
            relayed++;
            writer.frame(Buffer.buffer(event.raw()).appendString("\n\n"));
        });
        reply.streamBytes(chunk -> {
            if (ended[0]) {
                return;
            }
            try {
                parser.feed(chunk.getBytes());
            } catch (StreamFormatException e) {
                ended[0] = true;
                reply.cancel();
                failure(new ChatEvent.Failure("api_error", e.getMessage()));
            }
        }, error -> {
            if (ended[0]) {
                return;
            }
            parser.finish();
            exchange.upstreamEnded();
            if (ended[0]) {
                return;
            }
            if (done[0] && error == null) {
                writer.end();
                exchange.completed(failedResponse[0] ? Outcome.UPSTREAM_ERROR : Outcome.COMPLETED);
            } else {
                failure(error == null ? new ChatEvent.Failure("api_error", "upstream stream ended before its terminal event")
                        : UpstreamReply.brokeOff(error, "upstream stream broke off"));
            }
        });
    }

    /** Events that end a Responses stream. */
    private static final java.util.Set<String> RESPONSES_TERMINALS =
            java.util.Set.of("response.completed", "response.incomplete", "response.failed");

    /** A Responses event's type: its {@code event:} line, else the {@code type} of its data. */
    private String responsesType(String event, String data) {
        if (event != null && !event.isEmpty()) {
            return event;
        }
        JsonNode node = data.isEmpty() ? null : readJson(data);
        return node == null ? null : node.path("type").asText(null);
    }

    /** The usage object of the upstream's protocol. */
    private Usage usageOf(JsonNode u) {
        if (door != null) {
            return io.aimux.provider.responses.ResponsesDecoder.usageOf(u);
        }
        return protocol == WireProtocol.OPENAI ? OpenAiStreamDecoder.usage(u) : AnthropicResponseDecoder.usage(u);
    }

    /** Whether an event's data is one complete JSON value (checked by tokens, without building a tree). */
    private boolean wellFormed(String data) {
        try (JsonParser parser = mapper.getFactory().createParser(data)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** An error event: Anthropic's {@code event: error}, or an OpenAI chunk carrying an error object. */
    private static boolean isError(String event, String data) {
        if ("error".equals(event)) {
            return true;
        }
        int at = data.indexOf("\"error\"");
        return at >= 0 && data.indexOf("\"choices\"") < 0 && data.startsWith("{");
    }

    /**
     * The answer failed: before the first byte the next target may answer, or the client gets a
     * proper status; after it, the stream ends with one error event in the client's protocol.
     */
    private void failure(ChatEvent.Failure failure) {
        exchange.upstreamEnded();
        if (!writer.committed()) {
            writer.discard();
            if (!exchange.failOver(failure)) {
                exchange.fail(new GatewayException(ErrorKind.fromErrorType(failure.type()), failure.message()));
            }
            return;
        }
        ChatEventSink encoder = door != null ? door.relayFailure(writer::frame, relayed)
                : protocol == WireProtocol.OPENAI
                ? new OpenAiStreamEncoder(request.model(), false, writer::frame)
                : new AnthropicStreamEncoder(request.model(), writer::frame);
        encoder.accept(failure);
        writer.end();
        exchange.completed(Outcome.UPSTREAM_ERROR);
    }

    void body(long maxBytes) {
        WireDecoders.collect(reply, maxBytes, bytes -> {
            exchange.upstreamEnded();
            Map<String, JsonNode> fields;
            try {
                fields = topLevelFields(bytes, "usage", "error", "choices", "content", "output");
            } catch (IOException e) {
                failure(new ChatEvent.Failure("api_error", "upstream '" + provider + "' sent a body that is not JSON"));
                return;
            }
            JsonNode error = fields.get("error");
            if (error != null && error.isObject()) { // a 200 carrying an error is a failure, not an answer
                failure(new ChatEvent.Failure(UpstreamErrors.type(error), UpstreamErrors.mask(UpstreamErrors.safeMessage(error), secret)));
                return;
            }
            String required = door != null ? "output" : protocol == WireProtocol.OPENAI ? "choices" : "content";
            if (!fields.containsKey(required)) {
                failure(new ChatEvent.Failure("api_error", "upstream '" + provider + "' sent an answer without " + required));
                return;
            }
            JsonNode u = fields.get("usage");
            if (u != null && u.isObject()) {
                exchange.usage(usageOf(u));
            }
            writer.json(Buffer.buffer(bytes));
            exchange.completed(Outcome.COMPLETED);
        }, provider, this::failure);
    }

    /**
     * Reads the named top-level fields of a JSON object without building the whole tree (the
     * relayed body itself is never re-encoded). Fails if the body is not a well-formed JSON object.
     */
    private Map<String, JsonNode> topLevelFields(byte[] bytes, String... names) throws IOException {
        Map<String, JsonNode> found = new HashMap<>(names.length);
        List<String> wanted = List.of(names);
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (wanted.contains(name) && !found.containsKey(name)) {
                    found.put(name, mapper.readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IOException("trailing content");
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
