package io.aimux.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.RequestBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.ModelAccess;
import io.aimux.provider.Provider;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.UpstreamRequest;
import io.aimux.route.ModelRouter;
import io.aimux.route.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import io.aimux.provider.ProviderFeatures;
import io.aimux.translate.AnthropicToAnthropic;
import io.aimux.translate.TokenEstimate;
import io.aimux.translate.RequestEnvelope;
import io.aimux.provider.WireDecoders;
import io.aimux.translate.UpstreamFeatures;

/**
 * {@code POST /v1/messages/count_tokens}: exact when the routed provider is Anthropic-type (it is
 * asked, with the same request fitting and headers as a message), otherwise a tokenizer estimate
 * ({@link TokenEstimate}), marked with {@code "estimated": true} and the header
 * {@code x-aimux-token-count: estimate}. Claude Code decides when to compact from this number.
 */
@ApplicationScoped
public class TokenCounter {

    /** An upstream's count answer is a few bytes; more is not a count. */
    static final long MAX_COUNT_ANSWER = 64 * 1024;

    private final ModelRouter router;
    private final ProviderRegistry providers;
    private final ObjectMapper mapper;
    private final ChatService chat;

    public TokenCounter(ModelRouter router, ProviderRegistry providers, ObjectMapper mapper, ChatService chat) {
        this.router = router;
        this.providers = providers;
        this.mapper = mapper;
        this.chat = chat;
    }

    public void handle(RoutingContext ctx) {
        try {
            ObjectNode body = RequestBodies.parseObject(ctx.body().buffer());
            RequestEnvelope.check(WireProtocol.ANTHROPIC, body);
            JsonNode model = body.get("model");
            ModelAccess.check(ctx, model.asText());
            List<Target> targets = router.resolve(model.asText());
            Target target = targets.get(0);
            Provider provider = providers.find(target.provider()).orElseThrow();
            if (provider.countsTokens()) {
                body.put("model", target.model());
                body.remove("max_tokens");
                body.remove("stream");
                UpstreamFeatures features = ProviderFeatures.of(providers.settings(target.provider()), target.model());
                AnthropicToAnthropic.adapt(body, features, field -> { });
                Map<String, String> headers = chat.upstreamHeaders(
                        new ChatService.ClientRequest(WireProtocol.ANTHROPIC, body, model.asText(), false, false, List.of(),
                                null, ChatService.forwardable(ctx, WireProtocol.ANTHROPIC), 0), provider, target);
                provider.countTokens(new UpstreamRequest(target.model(), body, false, headers)).subscribe().with(
                        reply -> WireDecoders.collect(reply, MAX_COUNT_ANSWER,
                                bytes -> ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(bytes)),
                                target.provider(), problem -> ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC,
                                        new GatewayException(ErrorKind.fromErrorType(problem.type()), problem.message()))),
                        failure -> ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC,
                                failure instanceof GatewayException g ? g : new GatewayException(ErrorKind.UPSTREAM, "count failed")));
                return;
            }
            // tokenizing a large request takes milliseconds: off the event loop
            ctx.vertx().<Long>executeBlocking(() -> TokenEstimate.anthropicRequest(body), false).onComplete(result -> {
                if (result.failed()) {
                    ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC, GatewayException.invalid("messages: could not be counted"));
                    return;
                }
                ObjectNode answer = mapper.createObjectNode();
                answer.put("input_tokens", result.result());
                answer.put("estimated", true);
                ctx.response().putHeader("content-type", "application/json").putHeader("x-aimux-token-count", "estimate")
                        .end(answer.toString());
            });
        } catch (GatewayException e) {
            ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC, e);
        }
    }
}
