package io.aimux.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.RequestBodies;
import io.aimux.chat.ToolSpec;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.config.ConfigValidator;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.Principal;
import io.aimux.limits.RateLimiter;
import io.aimux.limits.TokenDemand;
import io.aimux.guard.ModelAccess;
import io.aimux.guard.content.GuardEngine;
import io.aimux.guard.content.GuardPolicy;
import io.aimux.guard.content.RequestGuard;
import io.aimux.metrics.GatewayMetrics;
import io.aimux.prettify.PrettifierMetrics;
import io.aimux.prettify.PrettifierSettings;
import io.aimux.provider.Provider;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.UpstreamGuards;
import io.aimux.route.ModelRouter;
import io.aimux.route.RouteDecision;
import io.aimux.route.Target;
import io.aimux.provider.ProviderFeatures;
import io.aimux.provider.UpstreamRequest;
import io.aimux.translate.AnthropicRequestValidator;
import io.aimux.translate.AnthropicToAnthropic;
import io.aimux.translate.AnthropicToOpenAi;
import io.aimux.translate.OpenAiRequestValidator;
import io.aimux.translate.OpenAiToAnthropic;
import io.aimux.translate.RequestEnvelope;
import io.aimux.translate.RequestTools;
import io.aimux.translate.UpstreamFeatures;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orchestrates one chat request: parse and validate the client protocol, route, prepare the body
 * for each target in the fallback chain, and hand the exchange to {@link ChatExchange}.
 */
@ApplicationScoped
public class ChatService {

    final ProviderRegistry providers;
    final ModelRouter router;
    final GatewayMetrics metrics;
    final PrettifierSettings prettifier;
    final ObjectMapper mapper;
    final AimuxConfig config;
    final PrettifierMetrics prettifierMetrics;
    final UpstreamGuards guards;
    final RateLimiter limiter;
    final GuardEngine guard;
    /** Who hears of each finished request besides the metrics; resolved once. */
    private final List<io.aimux.metrics.RequestObserver> observers;

    /** A request ended: its one usage record goes to the metrics and every observer. */
    void finished(io.aimux.metrics.UsageRecord record) {
        metrics.request(record);
        for (io.aimux.metrics.RequestObserver observer : observers) {
            try {
                observer.finished(record);
            } catch (RuntimeException e) {
                LOG.debug("a request observer failed", e);
            }
        }
    }

    /** Spans of chat requests; builds none while tracing is off. */
    final io.aimux.tracing.ChatTracing tracing;

    /** Characters of each body the request log keeps; 0 (the default) keeps none and costs nothing. */
    final int captureChars;

    /** Requests between arrival and their usage record; bounded by {@code limits.max_in_flight}. */
    final AtomicInteger inFlight = new AtomicInteger();

    public ChatService(ProviderRegistry providers, ModelRouter router, GatewayMetrics metrics,
            PrettifierSettings prettifier, PrettifierMetrics prettifierMetrics, ObjectMapper mapper, AimuxConfig config,
            UpstreamGuards guards, RateLimiter limiter, GuardEngine guard,
            jakarta.enterprise.inject.Instance<io.aimux.metrics.RequestObserver> observers,
            io.aimux.tracing.ChatTracing tracing) {
        this.tracing = tracing;
        this.observers = observers.stream().toList();
        this.limiter = limiter;
        this.guard = guard;
        this.prettifierMetrics = prettifierMetrics;
        this.guards = guards;
        metrics.inFlight(inFlight);
        this.providers = providers;
        this.router = router;
        this.metrics = metrics;
        this.prettifier = prettifier;
        this.mapper = mapper;
        this.config = config;
        var requestLog = config.requestLog();
        this.captureChars = requestLog.bodies() && requestLog.size() > 0 ? requestLog.maxBodyChars() : 0;
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ChatService.class);

    /** Client headers an Anthropic-type upstream receives; nothing else of the client's is forwarded. */
    static final List<String> FORWARDED_ANTHROPIC_HEADERS = List.of("anthropic-version", "anthropic-beta");

    /**
     * A client request that passed the envelope check. {@code headers} holds the forwardable
     * client headers ({@link #FORWARDED_ANTHROPIC_HEADERS}) that were present.
     */
    record ClientRequest(WireProtocol protocol, ObjectNode body, String model, boolean stream,
            boolean wantsUsage, List<ToolSpec> tools, String outputFormat, Map<String, String> headers, int size) {}

    /**
     * How one target of the chain is served, decided before anything is sent: the upstream
     * request, and whether the answer is relayed byte for byte ({@code passthrough}) or decoded
     * into events, prettified ({@code prettify}) and re-encoded ({@code toon} for that format).
     */
    record Plan(UpstreamRequest upstream, boolean passthrough, boolean prettify, boolean toon) {}

    /** Per-request choice of output format, overriding the configured one. */
    public static final String OUTPUT_FORMAT_HEADER = "x-aimux-output-format";

    public void handle(RoutingContext ctx, WireProtocol protocol) {
        long started = System.nanoTime();
        String api = protocol == WireProtocol.OPENAI ? "openai" : "anthropic";
        ChatExchange exchange = new ChatExchange(this, ctx, protocol, api, started);
        if (captureChars > 0) {
            exchange.captureBodies(ctx.body() == null ? null : ctx.body().buffer());
        }
        if (inFlight.incrementAndGet() > config.limits().maxInFlight()) { // released by the usage record
            exchange.rejectEarly(new GatewayException(ErrorKind.UNAVAILABLE,
                    "the gateway is at its limit of requests in flight; retry shortly", null, 1));
            return;
        }
        ClientRequest request;
        try {
            request = parse(ctx.body().buffer(), protocol, ctx.request().getHeader(OUTPUT_FORMAT_HEADER),
                    forwardable(ctx, protocol));
            if (ctx instanceof io.vertx.ext.web.impl.RoutingContextInternal internal) {
                internal.setBody(null); // the parsed tree replaces the received bytes; a long stream need not keep both
            }
        } catch (GatewayException e) {
            exchange.rejectEarly(e);
            return;
        }
        admitAndStart(ctx, exchange, request);
    }

    /**
     * What every front door does with a parsed request: the key's model permission, the request
     * stage of the content guard, routing, then
     * rate limits and budgets; the store may be remote, so the exchange starts once it answered.
     */
    private void admitAndStart(RoutingContext ctx, ChatExchange exchange, ClientRequest request) {
        RouteDecision route;
        Principal principal = ctx.get(Principal.CONTEXT_KEY);
        GuardPolicy policy = guard.policy(principal);
        try {
            ModelAccess.check(ctx, request.model());
            // before routing, so redactions reach every target of the chain
            RequestGuard.check(request.body(), request.protocol(), guard, policy);
            route = router.decide(request.protocol(), request.body(), request.model());
        } catch (GatewayException e) {
            exchange.rejectEarly(e);
            return;
        }
        exchange.guard(policy);
        TokenDemand demand = new TokenDemand(request.protocol(), request.body());
        exchange.startWhenAdmitted(limiter.admit(principal == null ? Principal.ANONYMOUS : principal, demand), demand,
                request, route);
    }

    /**
     * Serves a request of a front door that converts its protocol to Chat Completions, with the
     * same limits, routing, failover and usage records as the chat endpoints.
     */
    public void handle(RoutingContext ctx, FrontDoor door) {
        long started = System.nanoTime();
        ChatExchange exchange = new ChatExchange(this, ctx, WireProtocol.OPENAI, door.api(), started, door);
        if (captureChars > 0) {
            exchange.captureBodies(ctx.body() == null ? null : ctx.body().buffer());
        }
        if (inFlight.incrementAndGet() > config.limits().maxInFlight()) { // released by the usage record
            exchange.rejectEarly(new GatewayException(ErrorKind.UNAVAILABLE,
                    "the gateway is at its limit of requests in flight; retry shortly", null, 1));
            return;
        }
        String outputFormat = ctx.request().getHeader(OUTPUT_FORMAT_HEADER);
        door.convert(ctx).onComplete(converted -> {
            ClientRequest request;
            try {
                if (converted.failed()) {
                    throw converted.cause() instanceof GatewayException g ? g
                            : new GatewayException(ErrorKind.UNAVAILABLE, "the request could not be read; retry shortly");
                }
                if (outputFormat != null && !ConfigValidator.OUTPUT_FORMATS.contains(outputFormat)) {
                    throw GatewayException.invalid(OUTPUT_FORMAT_HEADER + " must be one of json, raw, toon");
                }
                ObjectNode body = converted.result();
                RequestEnvelope.check(WireProtocol.OPENAI, body);
                request = new ClientRequest(WireProtocol.OPENAI, body, body.path("model").asText(),
                        body.path("stream").asBoolean(false), false, RequestTools.fromOpenAi(body), outputFormat, Map.of(),
                        ctx.body() == null ? 0 : ctx.body().length());
            } catch (GatewayException e) {
                exchange.rejectEarly(e);
                return;
            }
            admitAndStart(ctx, exchange, request);
        });
    }

    static Map<String, String> forwardable(RoutingContext ctx, WireProtocol protocol) {
        if (protocol != WireProtocol.ANTHROPIC) {
            return Map.of();
        }
        Map<String, String> headers = new java.util.HashMap<>(2);
        for (String name : FORWARDED_ANTHROPIC_HEADERS) {
            String value = ctx.request().getHeader(name);
            if (value != null && !value.isBlank()) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    ClientRequest parse(byte[] bytes, WireProtocol protocol, String outputFormat) {
        return parse(bytes == null ? null : Buffer.buffer(bytes), protocol, outputFormat, Map.of());
    }

    /** Parses straight from the received buffer (no copy into an array); the tree is the one copy kept. */
    ClientRequest parse(Buffer bytes, WireProtocol protocol, String outputFormat, Map<String, String> headers) {
        if (outputFormat != null && !ConfigValidator.OUTPUT_FORMATS.contains(outputFormat)) {
            throw GatewayException.invalid(OUTPUT_FORMAT_HEADER + " must be one of json, raw, toon");
        }
        ObjectNode body = RequestBodies.parseObject(bytes);
        RequestEnvelope.check(protocol, body);
        List<ToolSpec> tools;
        boolean wantsUsage = false;
        if (protocol == WireProtocol.OPENAI) {
            tools = RequestTools.fromOpenAi(body);
            wantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        } else {
            tools = RequestTools.fromAnthropic(body);
        }
        return new ClientRequest(protocol, body, body.path("model").asText(), body.path("stream").asBoolean(false),
                wantsUsage, tools, outputFormat, headers, bytes == null ? 0 : bytes.length());
    }

    /**
     * Decides how to serve one target. A real upstream of the client's protocol gets the request
     * as it came (fitted to its features); any other target gets a translation, which first checks
     * that the request holds nothing the translator cannot carry.
     */
    Plan plan(ClientRequest request, Target target, Provider provider, boolean copy) {
        String format = request.outputFormat() != null ? request.outputFormat() : prettifier.outputFormat(target.provider());
        boolean prettify = !"raw".equals(format) && prettifier.enabled(target.provider());
        boolean toon = "toon".equals(format);
        boolean sameProtocol = provider.protocol() == request.protocol();
        boolean passthrough = sameProtocol && provider.judgesRequests() && !toon && (!prettify || request.tools().isEmpty());
        return new Plan(new UpstreamRequest(target.model(), prepare(request, target, provider, copy), request.stream(),
                upstreamHeaders(request, provider, target), request.size()), passthrough, prettify, toon);
    }

    /** The body to send to one target, in its provider's wire format. */
    ObjectNode prepare(ClientRequest request, Target target, Provider provider, boolean copy) {
        UpstreamFeatures features = ProviderFeatures.of(providers.settings(target.provider()), target.model());
        ObjectNode body;
        if (provider.protocol() == request.protocol() && provider.judgesRequests()) {
            body = copy ? request.body().deepCopy() : request.body();
            body.put("model", target.model());
            if (request.protocol() == WireProtocol.ANTHROPIC) {
                AnthropicToAnthropic.adapt(body, features, field -> dropped("anthropic_to_anthropic", field));
            }
        } else {
            try {
                body = translate(request, target, provider, features, copy);
            } catch (GatewayException e) {
                throw e.kind() == ErrorKind.INVALID_REQUEST ? refusedByTranslation(e, target, provider) : e;
            }
        }
        if (provider.protocol() == WireProtocol.OPENAI && request.stream()) {
            // Ask for usage so every request gets a usage record; stripped again if the client did not ask.
            ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
                    ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
            options.put("include_usage", true);
        }
        AimuxConfig.ProviderConfig settings = providers.settings(target.provider());
        if (settings != null) {
            settings.maxOutputTokens().ifPresent(ceiling -> clamp(body, ceiling));
            settings.dropParams().ifPresent(params -> params.forEach(body::remove));
        }
        return body;
    }

    /** Checks what the translator must understand, then translates (or, for the mock, copies). */
    private ObjectNode translate(ClientRequest request, Target target, Provider provider, UpstreamFeatures features,
            boolean copy) {
        if (request.protocol() == WireProtocol.ANTHROPIC) {
            AnthropicRequestValidator.validate(request.body());
            return AnthropicToOpenAi.request(request.body(), target.model(), features,
                    field -> dropped("anthropic_to_openai", field));
        }
        OpenAiRequestValidator.validate(request.body());
        if (provider.protocol() == WireProtocol.ANTHROPIC) {
            return OpenAiToAnthropic.request(request.body(), target.model(), features,
                    field -> dropped("openai_to_anthropic", field));
        }
        ObjectNode body = copy ? request.body().deepCopy() : request.body(); // the mock: OpenAI, as it came
        body.put("model", target.model());
        return body;
    }

    /** Says who refused: the gateway, because it cannot translate this for the target. */
    private static GatewayException refusedByTranslation(GatewayException e, Target target, Provider provider) {
        String type = provider.judgesRequests() ? provider.protocol().name().toLowerCase() + "-type provider" : "provider";
        return new GatewayException(e.kind(), e.getMessage() + " (refused by the gateway: it cannot translate this request for "
                + type + " '" + target.provider() + "')", e.code(), e.retryAfterSeconds());
    }

    private void dropped(String direction, String field) {
        metrics.dropped(direction, field);
        LOG.debugf("%s: dropped %s", direction, field);
    }

    /**
     * Client headers for the upstream: Anthropic-type upstreams get {@code anthropic-version} and
     * the {@code anthropic-beta} values their features allow; others get none.
     */
    Map<String, String> upstreamHeaders(ClientRequest request, Provider provider, Target target) {
        if (request.headers().isEmpty() || provider.protocol() != WireProtocol.ANTHROPIC || !provider.judgesRequests()) {
            return Map.of();
        }
        UpstreamFeatures features = ProviderFeatures.of(providers.settings(target.provider()), target.model());
        Map<String, String> headers = new java.util.HashMap<>(request.headers());
        String betas = headers.remove("anthropic-beta");
        if (betas != null) {
            List<String> spent = spentBetas(features);
            StringBuilder kept = new StringBuilder();
            for (String beta : betas.split(",")) {
                String name = beta.trim();
                boolean allowed = !name.isEmpty() && (features.betas() == null || features.betas().contains(name))
                        && spent.stream().noneMatch(name::startsWith);
                if (allowed) {
                    kept.append(kept.length() > 0 ? "," : "").append(name);
                } else if (!name.isEmpty()) {
                    dropped("anthropic_beta", "anthropic-beta");
                }
            }
            if (kept.length() > 0) {
                headers.put("anthropic-beta", kept.toString());
            }
        }
        return headers;
    }

    /** Betas of the features the gateway carries out itself for this upstream. */
    private static List<String> spentBetas(UpstreamFeatures features) {
        List<String> spent = new java.util.ArrayList<>();
        if (!features.contextManagement()) {
            spent.add(AnthropicToAnthropic.CONTEXT_MANAGEMENT_BETA);
        }
        if (!features.toolSearch()) {
            spent.addAll(AnthropicToAnthropic.TOOL_SEARCH_BETAS);
        }
        if (!features.systemMessages()) {
            spent.add(AnthropicToAnthropic.SYSTEM_MESSAGES_BETA);
        }
        if ("budget".equals(features.thinking()) || "none".equals(features.thinking())) {
            spent.add(AnthropicToAnthropic.EFFORT_BETA);
        }
        return spent;
    }

    /** Lowers the client's output limit to the provider's ceiling (Claude Code asks for 32k-64k). */
    static void clamp(ObjectNode body, int ceiling) {
        for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isNumber() && value.asLong() > ceiling) {
                body.put(field, ceiling);
            }
        }
        JsonNode thinking = body.get("thinking");
        if (thinking != null && thinking.isObject() && thinking.path("budget_tokens").asLong(0) >= ceiling) {
            ((ObjectNode) thinking).put("budget_tokens", Math.max(1024, ceiling / 2));
        }
    }
}
