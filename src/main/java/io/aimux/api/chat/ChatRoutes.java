package io.aimux.api.chat;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The chat endpoints. They sit on the Vert.x router rather than in a JAX-RS resource because a
 * streamed answer needs what only the raw response gives: the status decided after the upstream
 * answered, chunk writes with back-pressure, and a close handler that cancels the upstream.
 */
@ApplicationScoped
public class ChatRoutes {

    private final ChatService chat;
    private final TokenCounter counter;
    private final long maxBody;

    public ChatRoutes(ChatService chat, TokenCounter counter, AimuxConfig config) {
        this.chat = chat;
        this.counter = counter;
        this.maxBody = config.limits().maxRequestBytes();
    }

    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBody).setHandleFileUploads(false);
        for (String path : new String[] {"/v1/messages/count_tokens", "/anthropic/v1/messages/count_tokens"}) {
            router.post(path).handler(body).handler(counter::handle);
        }
        route(router, "/v1/chat/completions", WireProtocol.OPENAI, body);
        route(router, "/v1/messages", WireProtocol.ANTHROPIC, body);
        route(router, "/anthropic/v1/messages", WireProtocol.ANTHROPIC, body);
    }

    private void route(Router router, String path, WireProtocol protocol, BodyHandler body) {
        // AccessGuard has already refused bodies that are not application/json
        router.post(path).handler(body).handler(ctx -> chat.handle(ctx, protocol));
        router.route(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader("allow", "POST")
                .putHeader("content-type", "application/json")
                .end(ErrorBodies.body(protocol, ErrorKind.METHOD_NOT_ALLOWED, "use POST on " + path, null).toString()));
    }
}
