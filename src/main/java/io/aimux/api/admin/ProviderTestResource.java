package io.aimux.api.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.control.ControlPlane;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.error.SafeText;
import io.aimux.provider.Provider;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.UpstreamRequest;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /api/providers/{name}/test}: one tiny real request ("Reply with the word ok.", at
 * most {@value #MAX_TOKENS} output tokens, not streamed) to the provider's first model, sent through
 * the provider's own upstream client like real traffic, but outside routing, retries and circuit
 * breakers, so a test neither fails over nor counts against the provider's health.
 */
@Path("/api/providers/{name}/test")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderTestResource {

    static final String PROMPT = "Reply with the word ok.";
    static final int MAX_TOKENS = 16;
    /** Characters of the answer shown. */
    static final int MAX_TEXT = 200;
    /** The longest a test may take, unless limits.total_timeout_seconds is shorter. */
    static final int MAX_SECONDS = 30;

    private final ProviderRegistry providers;
    private final ControlPlane controlPlane;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public ProviderTestResource(ProviderRegistry providers, ControlPlane controlPlane, ObjectMapper mapper, AimuxConfig config) {
        this.providers = providers;
        this.controlPlane = controlPlane;
        this.mapper = mapper;
        this.timeout = Duration.ofSeconds(Math.min(MAX_SECONDS, Math.max(1, config.limits().totalTimeoutSeconds())));
    }

    @POST
    public Uni<Response> test(@PathParam("name") String name) {
        ProviderRegistry.Status status = providers.statuses().get(name);
        if (status == null) {
            return Uni.createFrom().item(Response.status(404).entity(ErrorBodies.body(WireProtocol.OPENAI, ErrorKind.NOT_FOUND,
                    "no provider named " + SafeText.quote(name), null)).build());
        }
        String model = firstModel(status);
        Provider provider = providers.find(name).orElse(null);
        if (!status.enabled() || provider == null) {
            return answer(result(name, model, null, null, null,
                    "the provider is disabled: " + (status.reason() == null ? "disabled" : status.reason())));
        }
        if (model == null) {
            return answer(result(name, null, null, null, null,
                    "no model to test: list one in providers." + name + ".models"));
        }
        long started = System.nanoTime();
        return provider.send(new UpstreamRequest(model, body(provider, model), false))
                .onItem().transformToUni(this::collect)
                .ifNoItem().after(timeout).fail()
                .map(answer -> {
                    ChatEvent.Failure failure = answer.failure();
                    String text = answer.text();
                    return result(name, model, 200, millis(started),
                            text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text,
                            failure == null ? null : failure.message());
                })
                .onFailure().recoverWithItem(error -> result(name, model,
                        error instanceof GatewayException g ? Integer.valueOf(g.kind().status()) : null, millis(started), null,
                        reason(error)))
                .onItem().transform(body -> Response.ok(body).build());
    }

    /** The first configured model, else the first the upstream listed; null when there is none. */
    private String firstModel(ProviderRegistry.Status status) {
        if (!status.models().isEmpty()) {
            return status.models().get(0);
        }
        List<String> listed = controlPlane.upstreamModels(status.name());
        return listed.isEmpty() ? null : listed.get(0);
    }

    /** The smallest valid request in the provider's wire format. */
    ObjectNode body(Provider provider, String model) {
        ObjectNode body = mapper.createObjectNode().put("model", model);
        if (provider.speaksResponses()) {
            body.put("input", PROMPT).put("max_output_tokens", MAX_TOKENS);
        } else {
            body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
            body.put("max_tokens", MAX_TOKENS);
        }
        body.put("stream", false);
        return body;
    }

    /** Reads the whole (small, bounded by the provider) answer; a cancelled test stops the upstream. */
    private Uni<ResponseAccumulator> collect(UpstreamReply reply) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean done = new AtomicBoolean();
            ResponseAccumulator answer = new ResponseAccumulator();
            emitter.onTermination(() -> {
                if (done.compareAndSet(false, true)) {
                    reply.cancel();
                }
            });
            reply.streamEvents(new ChatEventSink() {
                @Override
                public void accept(ChatEvent event) {
                    answer.accept(event);
                }

                @Override
                public void end() {
                    answer.end();
                    done.set(true);
                    emitter.complete(answer);
                }
            });
        });
    }

    private String reason(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no answer within " + timeout.toSeconds() + " seconds";
        }
        if (error instanceof GatewayException g) {
            return g.getMessage(); // written for clients: never a key or a raw upstream body
        }
        return "the request failed";
    }

    private static Double millis(long started) {
        return Math.round((System.nanoTime() - started) / 1_000.0) / 1_000.0;
    }

    private Uni<Response> answer(ObjectNode body) {
        return Uni.createFrom().item(Response.ok(body).build());
    }

    private ObjectNode result(String provider, String model, Integer status, Double latencyMs, String text, String error) {
        ObjectNode out = mapper.createObjectNode();
        out.put("ok", error == null && status != null && status == 200);
        out.put("provider", provider);
        out.put("model", model);
        out.put("status", status);
        out.put("latency_ms", latencyMs);
        out.put("text", text);
        out.put("error", error);
        return out;
    }
}
