package io.aimux.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.RequestBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.Provider;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.http.HttpProvider;
import io.aimux.route.ModelRouter;
import io.aimux.route.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/messages/count_tokens}: exact when the routed provider is Anthropic-type (it is
 * asked), otherwise an estimate of about four characters per token, marked with
 * {@code "estimated": true} and the header {@code x-aimux-token-count: estimate}.
 */
@ApplicationScoped
public class TokenCounter {

    private final ModelRouter router;
    private final ProviderRegistry providers;
    private final ObjectMapper mapper;

    public TokenCounter(ModelRouter router, ProviderRegistry providers, ObjectMapper mapper) {
        this.router = router;
        this.providers = providers;
        this.mapper = mapper;
    }

    public void handle(RoutingContext ctx) {
        try {
            ObjectNode body = RequestBodies.parseObject(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
            JsonNode model = body.get("model");
            if (model == null || !model.isTextual() || model.asText().isBlank() || model.asText().length() > 256) {
                throw GatewayException.invalid("model: required, a non-empty string");
            }
            if (!body.path("messages").isArray()) {
                throw GatewayException.invalid("messages: required, an array");
            }
            List<Target> targets = router.resolve(model.asText());
            Target target = targets.get(0);
            Provider provider = providers.find(target.provider()).orElseThrow();
            if (provider instanceof HttpProvider http && http.countTokensUrl() != null) {
                body.put("model", target.model());
                body.remove("max_tokens");
                body.remove("stream");
                http.post(http.countTokensUrl(), mapper.writeValueAsBytes(body), false).subscribe().with(reply -> {
                    Buffer collected = Buffer.buffer();
                    reply.streamBytes(collected::appendBuffer, error -> {
                        if (error != null) {
                            ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC,
                                    new GatewayException(ErrorKind.UPSTREAM, "upstream broke off the count"));
                        } else {
                            ctx.response().putHeader("content-type", "application/json").end(collected);
                        }
                    });
                }, failure -> ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC,
                        failure instanceof GatewayException g ? g : new GatewayException(ErrorKind.UPSTREAM, "count failed")));
                return;
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.put("input_tokens", estimate(body));
            answer.put("estimated", true);
            ctx.response().putHeader("content-type", "application/json").putHeader("x-aimux-token-count", "estimate")
                    .end(answer.toString());
        } catch (GatewayException e) {
            ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC, e);
        } catch (IOException e) {
            ErrorBodies.write(ctx.response(), WireProtocol.ANTHROPIC, GatewayException.invalid("request could not be encoded"));
        }
    }

    /** About four characters per token over all text the model would read, plus a small per-message cost. */
    static long estimate(JsonNode body) {
        long chars = textLength(body.get("system")) + textLength(body.get("tools"));
        long messages = 0;
        for (JsonNode message : body.path("messages")) {
            chars += textLength(message.get("content"));
            messages++;
        }
        return Math.max(1, (chars + 3) / 4 + messages * 3);
    }

    private static long textLength(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return node.asText().length();
        }
        long total = 0;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                total += textLength(child);
            }
            if (node.isObject()) {
                // field names of schemas and tool inputs are read by the model too
                var names = node.fieldNames();
                while (names.hasNext()) {
                    total += names.next().length();
                }
            }
        } else {
            total += node.asText().length();
        }
        return total;
    }
}
