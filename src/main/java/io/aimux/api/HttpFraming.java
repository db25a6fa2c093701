package io.aimux.api;

import io.aimux.error.ErrorKind;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * What the HTTP codec lets through but a careful server refuses, checked before anything else
 * reads the request (RFC 9112): a protocol version other than HTTP/1.0 or 1.1 (505), a missing
 * or repeated {@code Host} (400), and a {@code Transfer-Encoding} other than plain
 * {@code chunked} (400), which the codec would otherwise take as "no body" and read the body as
 * the next request. The codec itself refuses conflicting or malformed lengths, {@code
 * Content-Length} together with {@code Transfer-Encoding}, and oversized lines and headers
 * (400, 413, 431). Each refusal closes the connection, since the rest of the stream cannot be
 * trusted to be framed the way the client meant.
 *
 * <p>Also answers failures no route handled (the framework's own 400s) in the API's error shape
 * rather than the framework's error page.
 */
@ApplicationScoped
public class HttpFraming {

    void install(@Observes Router router) {
        router.route().order(-3000).handler(HttpFraming::check);
        // after the routes' own failure handlers, before the framework's error page
        router.route().order(Integer.MAX_VALUE - 50).failureHandler(HttpFraming::failed);
    }

    static void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpVersion version = request.version();
        if (version == null) {
            refuse(ctx, 505, "only HTTP/1.1 and HTTP/1.0 are served");
            return;
        }
        if (version != HttpVersion.HTTP_2) {
            List<String> hosts = request.headers().getAll("host");
            if (hosts.size() > 1) {
                refuse(ctx, 400, "more than one Host header");
                return;
            }
            if (hosts.isEmpty() && version == HttpVersion.HTTP_1_1) {
                refuse(ctx, 400, "the Host header is required");
                return;
            }
            List<String> codings = request.headers().getAll("transfer-encoding");
            if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
                refuse(ctx, 400, "Transfer-Encoding must be chunked or absent");
                return;
            }
        }
        ctx.next();
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        int status = ctx.statusCode() >= 400 && ctx.statusCode() < 600 ? ctx.statusCode() : 500;
        if (status >= 500) {
            org.jboss.logging.Logger.getLogger(HttpFraming.class).debugf(ctx.failure(), "request failed: %d", status);
        }
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 408 -> ErrorKind.REQUEST_TIMEOUT;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorKind.INVALID_REQUEST : ErrorKind.UPSTREAM;
        };
        String message = status < 500 ? "the request could not be processed" : "internal error";
        boolean unread = !ctx.request().isEnded();
        if (unread) {
            ctx.response().putHeader("connection", "close"); // the rest of the body is not read
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(ErrorBodies.body(ctx.response(), FallbackRoutes.shape(ctx.normalizedPath()), kind, message, null).toString())
                .onComplete(done -> {
                    if (unread) {
                        ctx.request().connection().close();
                    }
                });
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("connection", "close")
                .end(ErrorBodies.body(ctx.response(), FallbackRoutes.shape(ctx.normalizedPath()), ErrorKind.INVALID_REQUEST, message, null).toString())
                .onComplete(v -> ctx.request().connection().close());
    }
}
