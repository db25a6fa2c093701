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
 * its body, plus time for the body at {@code limits.min_upload_bytes_per_second}. The connection's idle timeout only notices silence, so a client trickling one byte
 * now and then would hold a connection (and a reserved body) without end; past the deadline it
 * gets a 408 in the API's error shape, or, once an answer was already sent, its connection closed.
 */
@ApplicationScoped
public class RequestDeadline {

    private final Vertx vertx;
    private final long graceMillis;
    private final long bytesPerSecond;
    private final long maxBody;

    public RequestDeadline(Vertx vertx, AimuxConfig config) {
        this.vertx = vertx;
        this.graceMillis = config.limits().requestReadTimeoutSeconds() * 1000L;
        this.bytesPerSecond = config.limits().minUploadBytesPerSecond();
        this.maxBody = config.limits().maxRequestBytes();
    }

    /** The grace, plus time for the announced body (a chunked one may be as large as allowed) at the minimum rate. */
    long millisFor(HttpServerRequest request) {
        long length = 0;
        String declared = request.getHeader("content-length");
        if (declared != null) {
            try {
                length = Math.min(maxBody, Math.max(0, Long.parseLong(declared.trim())));
            } catch (NumberFormatException e) {
                length = 0; // the HTTP codec refuses it before any route runs
            }
        } else if (request.getHeader("transfer-encoding") != null) {
            length = maxBody;
        }
        return graceMillis + length * 1000 / bytesPerSecond;
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
        long timer = vertx.setTimer(millisFor(request), id -> expire(ctx));
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
                    .end(ErrorBodies.body(ctx.response(), FallbackRoutes.shape(ctx.normalizedPath()), ErrorKind.REQUEST_TIMEOUT,
                            "the request body did not arrive in time (limits.request_read_timeout_seconds, limits.min_upload_bytes_per_second)", null).toString())
                    .onComplete(v -> request.connection().close());
        } else {
            request.connection().close();
        }
    }
}
