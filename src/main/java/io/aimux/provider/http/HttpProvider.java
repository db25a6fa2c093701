package io.aimux.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.Provider;
import io.aimux.provider.UpstreamErrors;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.UpstreamRequest;
import io.aimux.provider.WireDecoders;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI- or Anthropic-type upstream over HTTP. Uses the Vert.x client directly so response
 * bytes can be relayed as they arrive, paused under back-pressure and reset when the client leaves.
 */
public final class HttpProvider implements Provider {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final String name;
    private final WireProtocol protocol;
    private final String url;
    private final String apiKey;
    private final Map<String, String> headers;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final long idleTimeoutMillis;
    private final long connectTimeoutMillis;
    private final long maxBodyBytes;
    private final io.vertx.core.Vertx vertx;
    private final boolean responses;

    public HttpProvider(String name, WireProtocol protocol, String baseUrl, String apiKey, String groupId,
            Map<String, String> headers, HttpClient client, ObjectMapper mapper, long connectTimeoutMillis,
            long idleTimeoutMillis, long maxBodyBytes, io.vertx.core.Vertx vertx) {
        this(name, protocol, false, baseUrl, apiKey, groupId, headers, client, mapper, connectTimeoutMillis,
                idleTimeoutMillis, maxBodyBytes, vertx);
    }

    /** @param responses the upstream speaks the Responses API ({@code {base_url}/responses}, OpenAI auth) */
    public HttpProvider(String name, WireProtocol protocol, boolean responses, String baseUrl, String apiKey, String groupId,
            Map<String, String> headers, HttpClient client, ObjectMapper mapper, long connectTimeoutMillis,
            long idleTimeoutMillis, long maxBodyBytes, io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxBodyBytes = maxBodyBytes;
        this.name = name;
        this.protocol = protocol;
        this.responses = responses;
        this.url = responses ? endpoint(protocol, baseUrl, groupId).replace("/chat/completions", "/responses")
                : endpoint(protocol, baseUrl, groupId);
        this.apiKey = apiKey;
        this.headers = headers;
        this.client = client;
        this.mapper = mapper;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** The chat endpoint: OpenAI base URLs include /v1, Anthropic ones do not (as in the SDKs). */
    static String endpoint(WireProtocol protocol, String baseUrl, String groupId) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String path = protocol == WireProtocol.OPENAI ? base + "/chat/completions" : base + "/v1/messages";
        return groupId == null || groupId.isBlank() ? path : path + "?GroupId=" + java.net.URLEncoder.encode(groupId, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public boolean speaksResponses() {
        return responses;
    }

    @Override
    public boolean countsTokens() {
        return protocol == WireProtocol.ANTHROPIC;
    }

    @Override
    public Uni<UpstreamReply> countTokens(UpstreamRequest request) {
        if (!countsTokens()) {
            return Uni.createFrom().failure(new UnsupportedOperationException("only Anthropic-type upstreams count"));
        }
        return post(url.replace("/v1/messages", "/v1/messages/count_tokens"), request, false);
    }

    @Override
    public Uni<UpstreamReply> send(UpstreamRequest request) {
        return post(url, request, request.stream());
    }

    private Uni<UpstreamReply> post(String target, UpstreamRequest request, boolean stream) {
        Buffer body;
        try {
            body = encode(request);
        } catch (IOException e) {
            return Uni.createFrom().failure(new GatewayException(ErrorKind.UPSTREAM, "request could not be encoded"));
        }
        return post(target, body, stream, request.headers());
    }

    /**
     * Writes the body straight into the buffer that is sent, sized after the client's body, so the
     * encoded request exists once (not as an array, then a copy of it in a buffer).
     */
    private Buffer encode(UpstreamRequest request) throws IOException {
        ByteBuf out = Unpooled.buffer(Math.max(256, request.sizeHint() + 256));
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            mapper.writeValue((java.io.OutputStream) stream, request.body());
        }
        return Buffer.buffer(out);
    }

    /** The Messages API version sent when the client named none. */
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    /**
     * Posts a JSON body; completes with the reply once a 2xx status arrived. {@code clientHeaders}
     * reach Anthropic-type upstreams only.
     */
    private Uni<UpstreamReply> post(String target, Buffer body, boolean stream, Map<String, String> clientHeaders) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target)
                .setConnectTimeout(connectTimeoutMillis) // also bounds the wait for a pooled connection
                .setIdleTimeout(idleTimeoutMillis)
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json");
        if (apiKey != null && !apiKey.isBlank()) {
            if (protocol == WireProtocol.ANTHROPIC) {
                options.putHeader("x-api-key", apiKey);
            } else {
                options.putHeader("authorization", "Bearer " + apiKey);
            }
        }
        if (protocol == WireProtocol.ANTHROPIC) {
            options.putHeader("anthropic-version", clientHeaders.getOrDefault("anthropic-version", DEFAULT_ANTHROPIC_VERSION));
            clientHeaders.forEach((name, value) -> {
                if (!name.equals("anthropic-version")) {
                    options.putHeader(name, value);
                }
            });
        }
        headers.forEach(options::putHeader);
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
            AtomicBoolean handedOver = new AtomicBoolean();
            AtomicBoolean cancelled = new AtomicBoolean();
            // Ended before a 2xx reply was handed over (the client left, or an error was read):
            // drop the request now, whether it is waiting for a pooled connection, for the status,
            // or still reading an error body, so nothing is generated and billed for nobody.
            emitter.onTermination(() -> {
                if (handedOver.get()) {
                    return; // the reply owns the request from here
                }
                cancelled.set(true);
                HttpClientRequest req = inFlight.get();
                if (req != null) {
                    req.reset();
                }
            });
            client.request(options)
                    .onFailure(t -> emitter.fail(connectFailure(t)))
                    .onSuccess(req -> {
                        if (cancelled.get()) { // the connection came after the client left
                            req.reset();
                            return;
                        }
                        inFlight.set(req);
                        req.send(body)
                                .onFailure(t -> emitter.fail(connectFailure(t)))
                                .onSuccess(resp -> {
                                    if (resp.statusCode() / 100 == 2) {
                                        handedOver.set(true);
                                        resp.pause();
                                        emitter.complete(new WireReply(this, stream, req, resp));
                                    } else {
                                        readError(resp, emitter::fail);
                                    }
                                });
                    });
        });
    }

    private GatewayException connectFailure(Throwable t) {
        if (t instanceof TimeoutException || (t.getMessage() != null && t.getMessage().contains("timeout"))) {
            return new GatewayException(ErrorKind.TIMEOUT, "upstream '" + name + "' timed out");
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return new GatewayException(ErrorKind.UPSTREAM, "upstream '" + name + "' is unreachable");
        }
        return new GatewayException(ErrorKind.UPSTREAM, "upstream '" + name + "' failed");
    }

    /** Passes events on with this provider's key masked in failure messages (an error event may quote it). */
    ChatEventSink masking(ChatEventSink sink) {
        return new ChatEventSink() {
            @Override
            public void accept(ChatEvent event) {
                sink.accept(event instanceof ChatEvent.Failure f
                        ? new ChatEvent.Failure(f.type(), UpstreamErrors.mask(f.message(), apiKey)) : event);
            }

            @Override
            public void end() {
                sink.end();
            }
        };
    }

    /** Reads a bounded error body and maps it to a safe client error. */
    private void readError(HttpClientResponse resp, Handler<Throwable> fail) {
        int status = resp.statusCode();
        Integer retryAfter = parseRetryAfter(resp.headers());
        Buffer collected = Buffer.buffer();
        AtomicBoolean done = new AtomicBoolean();
        resp.handler(chunk -> {
            if (collected.length() < MAX_ERROR_BODY) {
                collected.appendBuffer(chunk);
            }
        });
        resp.exceptionHandler(t -> {
            if (done.compareAndSet(false, true)) {
                fail.handle(statusError(status, null, retryAfter));
            }
        });
        resp.endHandler(v -> {
            if (done.compareAndSet(false, true)) {
                fail.handle(statusError(status, collected, retryAfter));
            }
        });
    }

    private GatewayException statusError(int status, Buffer body, Integer retryAfter) {
        ErrorKind kind = ErrorKind.fromUpstreamStatus(status);
        if (status == 401 || status == 403) {
            return new GatewayException(kind, "upstream '" + name + "' rejected the gateway's credentials (" + status + ")");
        }
        String message = "upstream '" + name + "' answered " + status;
        if (body != null && body.length() > 0) {
            try {
                JsonNode node = mapper.readTree(body.getBytes());
                JsonNode error = node.path("error");
                if (error.isObject() && error.hasNonNull("message")) {
                    // whatever its shape, our own key never leaves
                    message = message + ": " + UpstreamErrors.mask(UpstreamErrors.safeMessage(error), apiKey);
                }
            } catch (IOException | RuntimeException ignored) {
                // not JSON: raw upstream bodies are never shown to clients
            }
        }
        return new GatewayException(kind, message, null, retryAfter);
    }

    /**
     * Seconds to wait before retrying, from {@code retry-after-ms} (OpenAI's, more precise) or
     * {@code retry-after} (seconds); rounded up; null when absent or not a number.
     */
    static Integer parseRetryAfter(MultiMap headers) {
        String millis = headers.get("retry-after-ms");
        String seconds = headers.get("retry-after");
        try {
            if (millis != null) {
                return (int) Math.max(0, Math.ceil(Double.parseDouble(millis.trim()) / 1000));
            }
            if (seconds != null) {
                return (int) Math.max(0, Math.ceil(Double.parseDouble(seconds.trim())));
            }
        } catch (NumberFormatException e) {
            return null; // an HTTP date is rare from APIs; the backoff schedule applies instead
        }
        return null;
    }

    public static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A 2xx response whose body has not been read yet. */
    static final class WireReply implements UpstreamReply {

        private final HttpProvider provider;
        private final boolean stream;
        private final HttpClientRequest request;
        private final HttpClientResponse response;
        private final AtomicBoolean finished = new AtomicBoolean();

        WireReply(HttpProvider provider, boolean stream, HttpClientRequest request, HttpClientResponse response) {
            this.provider = provider;
            this.stream = stream;
            this.request = request;
            this.response = response;
        }

        @Override
        public WireProtocol protocol() {
            return provider.protocol;
        }

        @Override
        public String contentType() {
            return response.getHeader("content-type");
        }

        @Override
        public void streamEvents(ChatEventSink sink) {
            ChatEventSink masked = provider.masking(sink);
            if (provider.responses && stream) {
                WireDecoders.decodeResponsesStream(this, provider.mapper, masked);
            } else if (provider.responses) {
                WireDecoders.decodeResponsesBody(this, provider.mapper, provider.maxBodyBytes, provider.name, masked);
            } else if (stream) {
                WireDecoders.decodeStream(this, provider.protocol, provider.mapper, masked);
            } else {
                WireDecoders.decodeBody(this, provider.protocol, provider.mapper, provider.maxBodyBytes, provider.name, masked);
            }
        }

        @Override
        public void streamBytes(Handler<Buffer> chunk, Handler<Throwable> end) {
            // The client's idle timeout does not cover a body once headers arrived: a watchdog does.
            long[] lastData = {System.nanoTime()};
            long limit = provider.idleTimeoutMillis * 1_000_000L;
            long watchdog = provider.vertx.setPeriodic(Math.max(100, Math.min(1000, provider.idleTimeoutMillis / 4)), id -> {
                if (!paused && System.nanoTime() - lastData[0] > limit && finished.compareAndSet(false, true)) {
                    provider.vertx.cancelTimer(id);
                    request.reset();
                    end.handle(new SilenceException("upstream '" + provider.name + "' sent nothing for "
                            + provider.idleTimeoutMillis / 1000 + " s"));
                }
            });
            response.handler(buffer -> {
                lastData[0] = System.nanoTime();
                chunk.handle(buffer);
            });
            response.exceptionHandler(t -> {
                provider.vertx.cancelTimer(watchdog);
                if (finished.compareAndSet(false, true)) {
                    end.handle(t);
                }
            });
            response.endHandler(v -> {
                provider.vertx.cancelTimer(watchdog);
                if (finished.compareAndSet(false, true)) {
                    end.handle(null);
                }
            });
            this.watchdog = watchdog;
            response.resume();
        }

        /** While the client cannot take more, the upstream's silence is ours, not its. */
        private volatile boolean paused;
        private long watchdog = -1;

        @Override
        public void pause() {
            paused = true;
            response.pause();
        }

        @Override
        public void resume() {
            paused = false;
            response.resume();
        }

        @Override
        public void cancel() {
            if (watchdog >= 0) {
                provider.vertx.cancelTimer(watchdog);
            }
            if (finished.compareAndSet(false, true)) {
                request.reset();
            }
        }
    }
}
