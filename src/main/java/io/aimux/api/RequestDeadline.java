package io.aimux.api;

import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request {@code limits.request_read_timeout_seconds} from its headers to the end of
 * its body. The connection's idle timeout only notices silence, so a client trickling one byte
 * now and then would hold a connection (and a reserved body) without end; past the deadline it
 * gets a 408 in the API's error shape, or, once an answer was already sent, its connection closed.
 */
@ApplicationScoped
public class RequestDeadline {

    private final Vertx vertx;
    private final long millis;

    public RequestDeadline(Vertx vertx, AimuxConfig config) {
        this.vertx = vertx;
        this.millis = config.limits().requestReadTimeoutSeconds() * 1000L;
    }

    void install(@Observes Router router) {
        router.route().order(-2000).handler(this::arm);
    }

    private void arm(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.next();
            return;
        }
        long timer = vertx.setTimer(millis, id -> expire(ctx));
        ctx.addEndHandler(done -> {
            if (request.isEnded()) {
                vertx.cancelTimer(timer);
            } // else the answer left before the body was read: the timer still closes a trickle
        });
        ctx.next();
    }

    private static void expire(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        HttpServerResponse response = ctx.response();
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            response.setStatusCode(408).putHeader("content-type", "application/json").putHeader("connection", "close")
                    .end(ErrorBodies.body(FallbackRoutes.shape(ctx.normalizedPath()), ErrorKind.REQUEST_TIMEOUT,
                            "the request body did not arrive within limits.request_read_timeout_seconds", null).toString())
                    .onComplete(v -> request.connection().close());
        } else {
            request.connection().close();
        }
    }
}
