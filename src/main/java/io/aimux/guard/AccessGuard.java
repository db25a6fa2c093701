package io.aimux.guard;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks client and admin keys in front of every API route, before any body is read. Keys come as
 * {@code Authorization: Bearer KEY} or {@code x-api-key: KEY}. With no keys configured, the
 * gateway is anonymous and the admin API answers loopback clients only.
 */
@ApplicationScoped
public class AccessGuard {

    public static final String ROLE = "aimux.role";

    private record Key(byte[] secret, boolean admin) {}

    private final List<Key> keys = new ArrayList<>();
    /** Metrics name models and aliases and count tokens: admin-only unless auth.public_metrics. */
    private final boolean guardMetrics;

    public AccessGuard(AimuxConfig config) {
        config.auth().keys().values().forEach(k -> keys.add(new Key(k.key().getBytes(StandardCharsets.UTF_8), k.role().equals("admin"))));
        this.guardMetrics = !config.auth().publicMetrics();
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw != null && (hasEncodedSeparator(raw) || raw.indexOf(';') >= 0)) {
            // ';' starts matrix parameters, which JAX-RS strips before matching: "/api;x/status"
            // would reach /api/status while looking like neither an API nor an admin path here.
            deny(ctx, WireProtocol.OPENAI, ErrorKind.INVALID_REQUEST, "encoded separators and ';' are not accepted in paths");
            return;
        }
        String path = ctx.normalizedPath();
        boolean admin = path.startsWith("/api/") || path.equals("/api") || path.startsWith("/dashboard")
                || (guardMetrics && (path.equals("/q/metrics") || path.startsWith("/q/metrics/")));
        boolean api = path.startsWith("/v1/") || path.startsWith("/anthropic/") || path.equals("/v1");
        if (!admin && !api) {
            ctx.next();
            return;
        }
        WireProtocol shape = path.contains("/messages") || path.startsWith("/anthropic/") ? WireProtocol.ANTHROPIC : WireProtocol.OPENAI;
        if (admin && !sameOrigin(ctx.request())) {
            deny(ctx, shape, ErrorKind.PERMISSION, "cross-origin requests to the admin API are refused");
            return;
        }
        if (keys.isEmpty()) {
            if (admin && !isLoopback(ctx.request().remoteAddress())) {
                deny(ctx, shape, ErrorKind.PERMISSION, "the admin API needs an admin key; none is configured, so it answers loopback clients only");
                return;
            }
            ctx.put(ROLE, "admin");
            ctx.next();
            return;
        }
        String presented = presentedKey(ctx.request());
        if (presented == null) {
            deny(ctx, shape, ErrorKind.AUTHENTICATION, "missing API key: send Authorization: Bearer KEY or x-api-key: KEY");
            return;
        }
        Key match = find(presented);
        if (match == null) {
            deny(ctx, shape, ErrorKind.AUTHENTICATION, "invalid API key");
            return;
        }
        if (admin && !match.admin()) {
            deny(ctx, shape, ErrorKind.PERMISSION, "this key may not use the admin API");
            return;
        }
        ctx.put(ROLE, match.admin() ? "admin" : "client");
        ctx.next();
    }

    /** %2F and %5C in a path only serve to confuse path matching; no endpoint needs them. */
    static boolean hasEncodedSeparator(String path) {
        for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            char a = path.charAt(i + 1);
            char b = Character.toLowerCase(path.charAt(i + 2));
            if ((a == '2' && b == 'f') || (a == '5' && b == 'c')) {
                return true;
            }
        }
        return false;
    }

    static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = request.getHeader("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /** Compares against every key in constant time so timing reveals nothing. */
    private Key find(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        Key found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.secret(), given)) {
                found = key;
            }
        }
        return found;
    }

    private static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    public static boolean isLoopback(SocketAddress address) {
        if (address == null || address.hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void deny(RoutingContext ctx, WireProtocol shape, ErrorKind kind, String message) {
        ctx.response().setStatusCode(kind.status()).putHeader("content-type", "application/json");
        if (kind == ErrorKind.AUTHENTICATION) {
            ctx.response().putHeader("www-authenticate", "Bearer");
        }
        ctx.response().end(ErrorBodies.body(shape, kind, message, null).toString());
    }
}
