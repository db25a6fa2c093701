package io.aimux.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.RequestBodies;
import io.aimux.api.RequestIds;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.DashboardSessions;
import io.aimux.guard.KeyRegistry;
import io.aimux.guard.LoginThrottle;
import io.aimux.guard.Principal;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dashboard login and logout ({@code /api/session}): trades an admin key for an HttpOnly session
 * cookie, so the browser never keeps the key and can open an EventSource. Login and logout need
 * no credentials (AccessGuard lets them through); failed logins are limited per client address.
 */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** Longest key accepted in a login body; generated keys have 49 characters. */
    static final int MAX_KEY_LENGTH = 512;

    private final DashboardSessions sessions;
    private final LoginThrottle throttle;
    private final KeyRegistry keys;

    public SessionResource(DashboardSessions sessions, LoginThrottle throttle, KeyRegistry keys) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(byte[] body, @Context RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            return error(ctx, ErrorKind.RATE_LIMITED, "too many failed logins from this address; retry later")
                    .header("retry-after", Long.toString(wait)).build();
        }
        String presented;
        try {
            JsonNode key = RequestBodies.parseObject(body).get("key");
            if (key == null || !key.isTextual() || key.asText().isBlank() || key.asText().length() > MAX_KEY_LENGTH) {
                return error(ctx, ErrorKind.INVALID_REQUEST, "send {\"key\": \"<admin key>\"}").build();
            }
            presented = key.asText().trim();
        } catch (GatewayException e) {
            return error(ctx, ErrorKind.INVALID_REQUEST, e.getMessage()).build();
        }
        if (keys.anonymous()) {
            return error(ctx, ErrorKind.AUTHENTICATION,
                    "no keys are configured: the dashboard needs no login from this machine").build();
        }
        DashboardSessions.Login login = sessions.login(presented);
        if (login instanceof DashboardSessions.Issued issued) {
            return Response.noContent().header("set-cookie", DashboardSessions.setCookie(issued.cookieValue(), secure(ctx))).build();
        }
        throttle.failed(address);
        if (login instanceof DashboardSessions.NotAdmin) {
            return error(ctx, ErrorKind.PERMISSION, "this key may not use the admin API").build();
        }
        return error(ctx, ErrorKind.AUTHENTICATION, "invalid API key").header("www-authenticate", "Bearer").build();
    }

    @GET
    public Map<String, Object> current(@Context RoutingContext ctx) {
        Principal principal = ctx.get(Principal.CONTEXT_KEY); // the guard let nobody without one reach here
        boolean configured = !keys.anonymous();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authenticated", true);
        out.put("key", configured && principal != null ? principal.keyId() : null);
        out.put("keys_configured", configured);
        return out;
    }

    @DELETE
    public Response logout(@Context RoutingContext ctx) {
        return Response.noContent().header("set-cookie", DashboardSessions.clearCookie(secure(ctx))).build();
    }

    private static boolean secure(RoutingContext ctx) {
        return "https".equalsIgnoreCase(ctx.request().scheme());
    }

    private static Response.ResponseBuilder error(RoutingContext ctx, ErrorKind kind, String message) {
        ObjectNode body = ErrorBodies.body(WireProtocol.OPENAI, kind, message, null);
        String id = RequestIds.of(ctx);
        if (id != null) {
            body.put("request_id", id);
        }
        return Response.status(kind.status()).entity(body);
    }
}
