package io.aimux.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.ToonEncoder;
import io.aimux.api.anthropic.AnthropicResponseEncoder;
import io.aimux.api.anthropic.AnthropicStreamEncoder;
import io.aimux.api.openai.OpenAiResponseEncoder;
import io.aimux.api.openai.OpenAiStreamEncoder;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.SseEvent;
import io.aimux.chat.SseEventParser;
import io.aimux.chat.Usage;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.metrics.UsageRecord;
import io.aimux.prettify.PrettifyStage;
import io.aimux.provider.Provider;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.UpstreamRequest;
import io.aimux.provider.anthropic.AnthropicResponseDecoder;
import io.aimux.provider.anthropic.AnthropicStreamDecoder;
import io.aimux.provider.openai.OpenAiResponseDecoder;
import io.aimux.provider.openai.OpenAiStreamDecoder;
import io.aimux.route.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One chat request from arrival to its single answer and single usage record. Runs on the event
 * loop of the client connection; upstream callbacks arrive on the same loop.
 */
final class ChatExchange {

    private static final Logger LOG = Logger.getLogger(ChatExchange.class);
    private static final int MAX_SSE_EVENT = 16 * 1024 * 1024;

    private final ChatService service;
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final WireProtocol protocol;
    private final String api;
    private final long started;

    private ChatService.ClientRequest request;
    private List<Target> targets;
    private Target target;
    private UpstreamReply reply;
    private Usage usage = Usage.NONE;
    private long upstreamStarted;
    private long upstreamEnded;
    private long firstByte;
    private boolean recorded;
    private boolean clientGone;
    /** Index in the fallback chain of the attempt in progress; chains of earlier attempts go quiet. */
    private int attempt;
    /** The upstream call until it answered; cancelling it resets the request. */
    private io.smallrye.mutiny.subscription.Cancellable pending;
    private boolean toon;
    private ChatService.Plan plan;

    ChatExchange(ChatService service, RoutingContext ctx, WireProtocol protocol, String api, long started) {
        this.service = service;
        this.ctx = ctx;
        this.response = ctx.response();
        this.protocol = protocol;
        this.api = api;
        this.started = started;
    }

    /** The request was refused before routing (bad input, unknown model). */
    void rejectEarly(GatewayException error) {
        ErrorBodies.write(response, protocol, error);
        record(error.kind().status() >= 500 ? "upstream_error" : "client_error", error.kind().status());
    }

    void start(ChatService.ClientRequest request, List<Target> targets) {
        this.request = request;
        this.targets = targets;
        response.closeHandler(v -> onClientGone());
        attempt(0);
    }

    private void attempt(int index) {
        attempt = index;
        target = targets.get(index);
        Provider provider = service.providers.find(target.provider()).orElse(null);
        if (provider == null) {
            fail(new GatewayException(ErrorKind.NOT_FOUND, "provider '" + target.provider() + "' is not enabled"));
            return;
        }
        try {
            plan = service.plan(request, target, provider, targets.size() > 1);
        } catch (GatewayException e) {
            fail(e);
            return;
        }
        upstreamStarted = System.nanoTime();
        pending = provider.send(plan.upstream())
                .subscribe().with(r -> onReply(r), t -> onAttemptFailed(index, t));
    }

    private void onAttemptFailed(int index, Throwable failure) {
        upstreamEnded = System.nanoTime();
        if (clientGone) {
            return;
        }
        GatewayException error = failure instanceof GatewayException g ? g
                : new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider() + "' failed");
        if (!(failure instanceof GatewayException)) {
            LOG.debugf("upstream %s failed: %s", target.provider(), failure.toString());
        }
        if (error.kind().retryable() && index + 1 < targets.size() && !response.headWritten()) {
            service.metrics.failover(target.provider(), error.kind().name().toLowerCase());
            attempt(index + 1);
            return;
        }
        fail(error);
    }

    private void onReply(UpstreamReply upstream) {
        if (clientGone) {
            upstream.cancel();
            return;
        }
        reply = upstream;
        toon = plan.toon();
        boolean prettify = plan.prettify();
        if (plan.passthrough() && upstream.protocol() == protocol) {
            if (request.stream()) {
                relayStream();
            } else {
                relayBody();
            }
            return;
        }
        ChatEventSink terminal = request.stream() && !toon ? new StreamTerminal() : new BodyTerminal();
        ChatEventSink chain = new UsageTap(prettify
                ? new PrettifyStage(terminal, request.tools(), service.prettifier.extractorSettings(target.provider()), service.prettifierMetrics)
                : terminal);
        if (upstream.protocol() == null) {
            upstream.streamEvents(chain);
        } else if (request.stream()) { // the upstream streams whenever the client asked, even for toon
            decodeStream(upstream.protocol(), chain);
        } else {
            decodeBody(upstream.protocol(), chain);
        }
    }

    // ---- passthrough: upstream bytes go to the client as they are ----

    private void relayStream() {
        boolean openAi = protocol == WireProtocol.OPENAI;
        boolean[] done = {false};
        SseEventParser parser = new SseEventParser(MAX_SSE_EVENT, event -> {
            String data = event.data();
            if (openAi && data.equals("[DONE]")) {
                done[0] = true;
            } else if (!openAi && "message_stop".equals(event.event())) {
                done[0] = true;
            }
            if (hasUsageObject(data)) {
                JsonNode node = readJson(data);
                if (node != null && node.isObject()) {
                    JsonNode u = openAi ? node.get("usage") : node.has("message") ? node.path("message").get("usage") : node.get("usage");
                    if (u != null && u.isObject()) {
                        usage = usage.merge(openAi ? OpenAiStreamDecoder.usage(u) : AnthropicResponseDecoder.usage(u));
                    }
                    if (openAi && !request.wantsUsage() && node.path("choices").isArray() && node.path("choices").isEmpty()) {
                        return; // the usage chunk the gateway asked for on its own behalf
                    }
                }
            }
            write(Buffer.buffer(event.raw()).appendString("\n\n"));
        });
        reply.streamBytes(chunk -> {
            startBatch();
            try {
                parser.feed(chunk.getBytes());
            } catch (RuntimeException e) {
                reply.cancel();
                finishStream(false, "upstream sent an oversized event");
            } finally {
                flushBatch();
            }
        }, error -> {
            parser.finish();
            upstreamEnded = System.nanoTime();
            finishStream(done[0] && error == null, error == null
                    ? "upstream stream ended before its terminal event" : "upstream stream broke off");
        });
    }

    private void finishStream(boolean complete, String problem) {
        flushBatch();
        if (recorded) {
            return;
        }
        if (!complete) {
            ChatEventSink encoder = protocol == WireProtocol.OPENAI
                    ? new OpenAiStreamEncoder(request.model(), false, this::writeText)
                    : new AnthropicStreamEncoder(request.model(), this::writeText);
            if (!response.headWritten()) {
                fail(new GatewayException(ErrorKind.UPSTREAM, problem));
                return;
            }
            encoder.accept(new ChatEvent.Failure("api_error", problem));
        }
        response.end();
        record(complete ? "ok" : "upstream_error", 200);
    }

    private void relayBody() {
        collect(bytes -> {
            JsonNode u;
            try {
                u = topLevelField(bytes, "usage");
            } catch (IOException e) {
                fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider() + "' sent a body that is not JSON"));
                return;
            }
            if (u != null && u.isObject()) {
                usage = protocol == WireProtocol.OPENAI ? OpenAiStreamDecoder.usage(u) : AnthropicResponseDecoder.usage(u);
            }
            response.putHeader("content-type", "application/json");
            firstByte = System.nanoTime();
            response.end(Buffer.buffer(bytes));
            record("ok", 200);
        });
    }

    // ---- translated: upstream wire format decoded into events ----

    private void decodeStream(WireProtocol upstreamProtocol, ChatEventSink chain) {
        Consumer<SseEvent> decoder;
        java.util.function.BooleanSupplier done;
        if (upstreamProtocol == WireProtocol.OPENAI) {
            OpenAiStreamDecoder d = new OpenAiStreamDecoder(service.mapper, chain);
            decoder = d::onEvent;
            done = d::done;
        } else {
            AnthropicStreamDecoder d = new AnthropicStreamDecoder(service.mapper, chain);
            decoder = d::onEvent;
            done = d::done;
        }
        SseEventParser parser = new SseEventParser(MAX_SSE_EVENT, decoder);
        boolean[] failed = {false};
        reply.streamBytes(chunk -> {
            if (failed[0]) {
                return;
            }
            startBatch();
            try {
                parser.feed(chunk.getBytes());
            } catch (RuntimeException e) {
                failed[0] = true;
                reply.cancel();
                chain.accept(new ChatEvent.Failure("api_error", safe(e)));
                chain.end();
            } finally {
                flushBatch();
            }
        }, error -> {
            if (failed[0]) {
                return;
            }
            upstreamEnded = System.nanoTime();
            try {
                parser.finish();
            } catch (RuntimeException e) {
                chain.accept(new ChatEvent.Failure("api_error", safe(e)));
            }
            if (error != null) {
                chain.accept(new ChatEvent.Failure("api_error", "upstream stream broke off"));
            } else if (!done.getAsBoolean()) {
                chain.accept(new ChatEvent.Failure("api_error", "upstream stream ended before its terminal event"));
            }
            chain.end();
        });
    }

    private void decodeBody(WireProtocol upstreamProtocol, ChatEventSink chain) {
        collect(bytes -> {
            JsonNode node = readJson(bytes);
            if (node == null || !node.isObject()) {
                chain.accept(new ChatEvent.Failure("api_error", "upstream '" + target.provider() + "' sent a body that is not JSON"));
                chain.end();
                return;
            }
            if (upstreamProtocol == WireProtocol.OPENAI) {
                OpenAiResponseDecoder.decode(node, chain);
            } else {
                AnthropicResponseDecoder.decode(node, chain);
            }
        });
    }

    /** Reads the whole upstream body within the configured bound. */
    private void collect(Consumer<byte[]> onBody) {
        long max = service.config.limits().maxUpstreamBodyBytes();
        Buffer body = Buffer.buffer();
        boolean[] tooBig = {false};
        reply.streamBytes(chunk -> {
            if (tooBig[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                tooBig[0] = true;
                reply.cancel();
                fail(new GatewayException(ErrorKind.UPSTREAM, "upstream answer exceeds " + max + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        }, error -> {
            upstreamEnded = System.nanoTime();
            if (tooBig[0] || clientGone) {
                return;
            }
            if (error != null) {
                fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider() + "' broke off its answer"));
                return;
            }
            try {
                onBody.accept(body.getBytes());
            } catch (RuntimeException e) {
                // never leave the client hanging, whatever the answer contained
                LOG.debugf("answer of %s could not be processed: %s", target.provider(), e.toString());
                fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider() + "' sent an answer that could not be processed"));
            }
        });
    }

    // ---- event sinks at the end of the chain ----

    /** Watches events for usage accounting before they reach the encoder. */
    private final class UsageTap implements ChatEventSink {
        private final ChatEventSink next;
        private final int owner = attempt;

        UsageTap(ChatEventSink next) {
            this.next = next;
        }

        @Override
        public void accept(ChatEvent event) {
            if (owner != attempt) {
                return;
            }
            if (event instanceof ChatEvent.UsageReport report) {
                usage = usage.merge(report.usage());
            }
            if (!clientGone) {
                next.accept(event);
            }
        }

        @Override
        public void end() {
            if (owner != attempt) {
                return;
            }
            if (upstreamEnded == 0) {
                upstreamEnded = System.nanoTime();
            }
            if (!clientGone) {
                next.end();
            }
        }
    }

    /** Streams SSE to the client. */
    private final class StreamTerminal implements ChatEventSink {
        private final ChatEventSink encoder = protocol == WireProtocol.OPENAI
                ? new OpenAiStreamEncoder(request.model(), request.wantsUsage(), ChatExchange.this::writeText)
                : new AnthropicStreamEncoder(request.model(), ChatExchange.this::writeText);
        private boolean failed;
        private boolean finished;

        @Override
        public void accept(ChatEvent event) {
            if (event instanceof ChatEvent.Failure && !response.headWritten()) {
                failed = true; // nothing sent yet: answer with a proper error status instead
                ChatEvent.Failure f = (ChatEvent.Failure) event;
                if (!failOver(f)) {
                    fail(failureError(f));
                }
                return;
            }
            if (event instanceof ChatEvent.Failure) {
                failed = true;
            } else if (event instanceof ChatEvent.Finish) {
                finished = true;
            }
            encoder.accept(event);
        }

        @Override
        public void end() {
            if (recorded) {
                return;
            }
            encoder.end();
            flushBatch();
            response.end();
            // without a finish the encoder ended the stream with an error event
            record(failed || !finished ? "upstream_error" : "ok", 200);
        }
    }

    /** Collects the answer and sends it as one JSON body. */
    private final class BodyTerminal implements ChatEventSink {
        private final ResponseAccumulator answer = new ResponseAccumulator();

        @Override
        public void accept(ChatEvent event) {
            answer.accept(event);
        }

        @Override
        public void end() {
            answer.end();
            if (recorded) {
                return;
            }
            ChatEvent.Failure failure = answer.failure();
            if (failure != null) {
                if (!failOver(failure)) {
                    fail(failureError(failure));
                }
                return;
            }
            ObjectNode body = toon ? ToonEncoder.encode(answer, target.provider(), target.model(), request.model())
                    : protocol == WireProtocol.OPENAI
                    ? OpenAiResponseEncoder.encode(answer, request.model())
                    : AnthropicResponseEncoder.encode(answer, request.model());
            response.putHeader("content-type", "application/json");
            firstByte = System.nanoTime();
            response.end(body.toString());
            record("ok", 200);
        }
    }

    /**
     * The upstream accepted the request but its answer broke before anything reached the client:
     * the next target of the chain may still answer. Returns false when there is none.
     */
    private boolean failOver(ChatEvent.Failure failure) {
        String why = failure.message();
        if (response.headWritten() || recorded || clientGone || attempt + 1 >= targets.size()
                || !ErrorKind.fromErrorType(failure.type()).retryable()) {
            return false;
        }
        if (reply != null) {
            reply.cancel();
            reply = null;
        }
        if (batch != null) {
            batch = Buffer.buffer(); // frames of the broken answer never reached the client
        }
        service.metrics.failover(target.provider(), "broken_answer");
        LOG.debugf("answer from %s broke before the first byte (%s); trying the next target", target.provider(), why);
        usage = Usage.NONE;
        attempt(attempt + 1);
        return true;
    }

    // ---- writing, failing, recording ----

    private void writeText(String frame) {
        write(Buffer.buffer(frame));
    }

    /**
     * Frames produced from one upstream chunk are collected and written together: one socket
     * write per network chunk instead of one per SSE event.
     */
    private Buffer batch;

    private void startBatch() {
        batch = Buffer.buffer();
    }

    private void flushBatch() {
        Buffer pending = batch;
        batch = null;
        if (pending != null && pending.length() > 0) {
            write(pending);
        }
    }

    private void write(Buffer frame) {
        if (clientGone || response.ended()) {
            return;
        }
        if (batch != null) {
            batch.appendBuffer(frame);
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200);
            response.putHeader("content-type", "text/event-stream; charset=utf-8");
            response.putHeader("cache-control", "no-cache");
            response.putHeader("x-accel-buffering", "no");
            response.setChunked(true);
            firstByte = System.nanoTime();
        }
        response.write(frame);
        if (response.writeQueueFull() && reply != null) {
            reply.pause();
            response.drainHandler(v -> reply.resume());
        }
    }

    private void fail(GatewayException error) {
        if (recorded) {
            return;
        }
        if (batch != null && !response.headWritten()) {
            batch = Buffer.buffer(); // never sent: the client gets a proper error status instead
        }
        flushBatch();
        if (response.headWritten()) {
            response.end();
        } else {
            ErrorBodies.write(response, protocol, error);
        }
        record(error.kind().status() < 500 && error.kind() != ErrorKind.RATE_LIMITED ? "client_error" : "upstream_error",
                error.kind().status());
    }

    private void onClientGone() {
        if (recorded) {
            return;
        }
        clientGone = true;
        if (reply != null) {
            reply.cancel();
        } else if (pending != null) {
            pending.cancel();
        }
        record("cancelled", 499);
    }

    private void record(String outcome, int status) {
        if (recorded) {
            return;
        }
        recorded = true;
        long now = System.nanoTime();
        long total = now - started;
        long upstream = upstreamStarted > 0 && upstreamEnded >= upstreamStarted ? upstreamEnded - upstreamStarted : 0;
        service.metrics.request(new UsageRecord(api, request == null ? null : request.model(),
                target == null ? null : target.provider(), target == null ? null : target.model(),
                request != null && request.stream(), outcome, status, usage, total, upstream,
                firstByte > 0 ? firstByte - started : 0, upstream > 0 ? Math.max(0, total - upstream) : -1));
    }

    /**
     * Reads one top-level field of a JSON object without building the whole tree (the relayed
     * body itself is never re-encoded). Fails if the body is not a well-formed JSON object.
     */
    private JsonNode topLevelField(byte[] bytes, String field) throws IOException {
        JsonNode found = null;
        try (com.fasterxml.jackson.core.JsonParser parser = service.mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (found == null && field.equals(name)) {
                    found = service.mapper.readTree(parser);
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
            return service.mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode readJson(byte[] bytes) {
        try {
            return service.mapper.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static String safe(RuntimeException e) {
        return e instanceof io.aimux.chat.StreamFormatException ? e.getMessage() : "upstream stream could not be read";
    }

    /** The error for a failed answer, keeping its kind (overloaded, rate limited…) and status. */
    private static GatewayException failureError(ChatEvent.Failure failure) {
        return new GatewayException(ErrorKind.fromErrorType(failure.type()), failure.message());
    }

}
