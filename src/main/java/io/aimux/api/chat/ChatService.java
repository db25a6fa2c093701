package io.aimux.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.RequestBodies;
import io.aimux.chat.ToolSpec;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.config.ConfigValidator;
import io.aimux.error.GatewayException;
import io.aimux.metrics.GatewayMetrics;
import io.aimux.prettify.PrettifierMetrics;
import io.aimux.prettify.PrettifierSettings;
import io.aimux.provider.Provider;
import io.aimux.provider.ProviderRegistry;
import io.aimux.route.ModelRouter;
import io.aimux.route.Target;
import io.aimux.translate.AnthropicRequestValidator;
import io.aimux.translate.AnthropicToOpenAi;
import io.aimux.translate.OpenAiRequestValidator;
import io.aimux.translate.OpenAiToAnthropic;
import io.aimux.translate.RequestTools;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

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

    public ChatService(ProviderRegistry providers, ModelRouter router, GatewayMetrics metrics,
            PrettifierSettings prettifier, PrettifierMetrics prettifierMetrics, ObjectMapper mapper, AimuxConfig config) {
        this.prettifierMetrics = prettifierMetrics;
        this.providers = providers;
        this.router = router;
        this.metrics = metrics;
        this.prettifier = prettifier;
        this.mapper = mapper;
        this.config = config;
    }

    /** A validated client request. */
    record ClientRequest(WireProtocol protocol, ObjectNode body, String model, boolean stream,
            boolean wantsUsage, List<ToolSpec> tools, String outputFormat) {}

    /** Per-request choice of output format, overriding the configured one. */
    public static final String OUTPUT_FORMAT_HEADER = "x-aimux-output-format";

    public void handle(RoutingContext ctx, WireProtocol protocol) {
        long started = System.nanoTime();
        String api = protocol == WireProtocol.OPENAI ? "openai" : "anthropic";
        ChatExchange exchange = new ChatExchange(this, ctx, protocol, api, started);
        ClientRequest request;
        List<Target> targets;
        try {
            request = parse(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes(), protocol,
                    ctx.request().getHeader(OUTPUT_FORMAT_HEADER));
            targets = router.resolve(request.model());
        } catch (GatewayException e) {
            exchange.rejectEarly(e);
            return;
        }
        exchange.start(request, targets);
    }

    ClientRequest parse(byte[] bytes, WireProtocol protocol, String outputFormat) {
        if (outputFormat != null && !ConfigValidator.OUTPUT_FORMATS.contains(outputFormat)) {
            throw GatewayException.invalid(OUTPUT_FORMAT_HEADER + " must be one of json, raw, toon");
        }
        ObjectNode body = RequestBodies.parseObject(bytes);
        List<ToolSpec> tools;
        boolean wantsUsage = false;
        if (protocol == WireProtocol.OPENAI) {
            OpenAiRequestValidator.validate(body);
            tools = RequestTools.fromOpenAi(body);
            wantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        } else {
            AnthropicRequestValidator.validate(body);
            tools = RequestTools.fromAnthropic(body);
        }
        return new ClientRequest(protocol, body, body.path("model").asText(), body.path("stream").asBoolean(false),
                wantsUsage, tools, outputFormat);
    }

    /** The body to send to one target, in its provider's wire format. */
    ObjectNode prepare(ClientRequest request, Target target, Provider provider, boolean copy) {
        ObjectNode body;
        if (provider.protocol() == request.protocol()) {
            body = copy ? request.body().deepCopy() : request.body();
            body.put("model", target.model());
        } else if (request.protocol() == WireProtocol.ANTHROPIC) {
            body = AnthropicToOpenAi.request(request.body(), target.model());
        } else {
            body = OpenAiToAnthropic.request(request.body(), target.model());
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
