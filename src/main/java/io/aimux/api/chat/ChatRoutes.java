package io.aimux.api.chat;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
    private final BodyBudget budget;
    private final long maxBody;

    public ChatRoutes(ChatService chat, TokenCounter counter, BodyBudget budget, AimuxConfig config) {
        this.chat = chat;
        this.counter = counter;
        this.budget = budget;
        this.maxBody = config.limits().maxRequestBytes();
    }

    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBody).setHandleFileUploads(false);
        for (String path : new String[] {"/v1/messages/count_tokens", "/anthropic/v1/messages/count_tokens"}) {
            // its own route, just before: a route takes the body handler first or not at all
            router.post(path).handler(ctx -> budget.beforeBody(ctx, WireProtocol.ANTHROPIC));
            router.post(path).handler(body).handler(ctx -> budget.afterBody(ctx, WireProtocol.ANTHROPIC))
                    .handler(counter::handle).failureHandler(ctx -> bodyFailure(ctx, WireProtocol.ANTHROPIC));
        }
        route(router, "/v1/chat/completions", WireProtocol.OPENAI, body);
        route(router, "/v1/messages", WireProtocol.ANTHROPIC, body);
        route(router, "/anthropic/v1/messages", WireProtocol.ANTHROPIC, body);
    }

    private void route(Router router, String path, WireProtocol protocol, BodyHandler body) {
        // AccessGuard has already refused bodies that are not application/json
        router.post(path).handler(ctx -> budget.beforeBody(ctx, protocol));
        router.post(path).handler(body).handler(ctx -> budget.afterBody(ctx, protocol))
                .handler(ctx -> chat.handle(ctx, protocol)).failureHandler(ctx -> bodyFailure(ctx, protocol));
        router.route(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader("allow", "POST")
                .putHeader("content-type", "application/json")
                .end(ErrorBodies.body(ctx.response(), protocol, ErrorKind.METHOD_NOT_ALLOWED, "use POST on " + path, null).toString()));
    }

    /** Failures of reading the body (413 past limits.max_request_bytes, a broken upload) in the client's shape. */
    private void bodyFailure(RoutingContext ctx, WireProtocol protocol) {
        if (ctx.response().headWritten() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ErrorKind kind = ctx.statusCode() == 413 ? ErrorKind.PAYLOAD_TOO_LARGE : ErrorKind.INVALID_REQUEST;
        String message = kind == ErrorKind.PAYLOAD_TOO_LARGE
                ? "request body is larger than limits.max_request_bytes (" + maxBody + " bytes)"
                : "request body could not be read";
        if (ctx.statusCode() >= 500 || ctx.statusCode() < 400) {
            org.jboss.logging.Logger.getLogger(ChatRoutes.class).debugf(ctx.failure(), "chat request failed: %d", ctx.statusCode());
        }
        // closed once answered: waiting for the rest of an unwanted body would keep the connection
        ctx.response().setStatusCode(kind.status()).putHeader("content-type", "application/json").putHeader("connection", "close")
                .end(ErrorBodies.body(ctx.response(), protocol, kind, message, null).toString())
                .onComplete(done -> ctx.request().connection().close());
    }
}
