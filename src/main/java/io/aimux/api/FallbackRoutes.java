package io.aimux.api;

import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * JSON answers for everything no endpoint handles: unknown paths, wrong methods, and JAX-RS
 * errors. Clients of an API get an API error, never an HTML page or a stack trace.
 */
@ApplicationScoped
public class FallbackRoutes {

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE - 100).handler(ctx -> notFound(ctx));
    }

    private static void notFound(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end(ErrorBodies.body(ctx.response(), shape(ctx.normalizedPath()), ErrorKind.NOT_FOUND, "no such endpoint", null).toString());
    }

    static WireProtocol shape(String path) {
        return path != null && (path.contains("/messages") || path.startsWith("/anthropic")) ? WireProtocol.ANTHROPIC : WireProtocol.OPENAI;
    }

    @ServerExceptionMapper
    public Response mapGateway(GatewayException e, HttpServerRequest request) {
        return Response.status(e.kind().status()).type("application/json")
                .entity(ErrorBodies.body(request.response(), WireProtocol.OPENAI, e.kind(), e.getMessage(), e.code()).toString()).build();
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e, HttpServerRequest request) {
        ErrorKind kind;
        String message;
        if (e instanceof NotFoundException) {
            kind = ErrorKind.NOT_FOUND;
            message = "no such endpoint";
        } else if (e instanceof NotAllowedException) {
            kind = ErrorKind.METHOD_NOT_ALLOWED;
            message = "method not allowed on this endpoint";
        } else if (e instanceof NotSupportedException) {
            kind = ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            message = "content-type must be application/json";
        } else if (e.getResponse() != null && e.getResponse().getStatus() < 500) {
            kind = ErrorKind.INVALID_REQUEST;
            message = "invalid request";
        } else {
            kind = ErrorKind.UPSTREAM;
            message = "internal error";
        }
        Response.ResponseBuilder builder = Response.status(kind == ErrorKind.INVALID_REQUEST && e.getResponse() != null
                ? e.getResponse().getStatus() : kind.status()).type("application/json")
                .entity(ErrorBodies.body(request.response(), WireProtocol.OPENAI, kind, message, null).toString());
        if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            builder.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return builder.build();
    }
}
