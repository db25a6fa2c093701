package io.aimux.guard;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.limits.KeyLimits;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks every API ({@code /v1}, {@code /anthropic}) and admin ({@code /api}) request before any
 * body is read, in this order: path tricks, keys in the query string, the Host of an anonymous
 * gateway, the Origin, the key, the Content-Type. What passes carries a {@link Principal} in the
 * routing context. Keys come as {@code Authorization: Bearer KEY} or {@code x-api-key: KEY}; on
 * {@code /api/*} a dashboard session cookie ({@link DashboardSessions}) stands in for an admin key
 * when neither header is sent. With no key at all the gateway is anonymous and answers only
 * requests addressed to a loopback name, so a web page cannot reach it through DNS rebinding.
 * The dashboard's static files ({@code /dashboard/}) hold no data and are public.
 */
@ApplicationScoped
public class AccessGuard {

    /** Query parameters that would put a key in URLs, logs and browser history. */
    static final Set<String> TOKEN_PARAMETERS = Set.of("key", "api_key", "apikey", "api-key", "access_token", "token",
            "x-api-key", "authorization");

    /** Admin paths whose {@code key} query parameter names a key (GET /api/requests?key=NAME). */
    static final String KEY_NAME_FILTER_PATH = "/api/requests";

    static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    /** An anonymous caller that is not on loopback (possible only with auth.allow_anonymous): no admin API. */
    static final Principal ANONYMOUS_REMOTE = new Principal("anonymous", false, List.of(), KeyLimits.UNLIMITED, Map.of());

    /** Reachable without credentials: the dashboard login and logout. */
    static final String SESSION_PATH = "/api/session";

    private final KeyRegistry keys;
    private final DashboardSessions sessions;
    private final CorsPolicy cors;
    private final Set<String> anonymousHosts;
    /** Metrics name models and aliases and count tokens: admin-only unless auth.public_metrics. */
    private final boolean guardMetrics;

    public AccessGuard(KeyRegistry keys, DashboardSessions sessions, CorsPolicy cors, AimuxConfig config) {
        this.keys = keys;
        this.sessions = sessions;
        this.cors = cors;
        this.guardMetrics = !config.auth().publicMetrics();
        this.anonymousHosts = config.auth().allowedHosts().orElse(List.of()).stream()
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String raw = request.path();
        if (raw != null && (hasEncodedSeparator(raw) || raw.indexOf(';') >= 0)) {
            // ';' starts matrix parameters, which JAX-RS strips before matching: "/api;x/status"
            // would reach /api/status while looking like neither an API nor an admin path here.
            deny(ctx, WireProtocol.OPENAI, ErrorKind.INVALID_REQUEST, "encoded separators and ';' are not accepted in paths");
            return;
        }
        String path = ctx.normalizedPath().toLowerCase(Locale.ROOT);
        boolean adminApi = path.startsWith("/api/") || path.equals("/api");
        boolean admin = adminApi || (guardMetrics && (path.equals("/q/metrics") || path.startsWith("/q/metrics/")));
        boolean api = path.startsWith("/v1/") || path.startsWith("/anthropic/") || path.equals("/v1") || path.equals("/anthropic");
        if (!admin && !api) {
            ctx.next();
            return;
        }
        WireProtocol shape = path.contains("/messages") || path.startsWith("/anthropic/") ? WireProtocol.ANTHROPIC : WireProtocol.OPENAI;
        if (carriesToken(request.query(), path.startsWith(KEY_NAME_FILTER_PATH))) {
            deny(ctx, shape, ErrorKind.INVALID_REQUEST,
                    "API keys belong in a header (Authorization: Bearer KEY or x-api-key: KEY), never in the query string");
            return;
        }
        boolean anonymous = keys.anonymous();
        String host = hostName(request.host());
        if (anonymous && !(host != null && (LOOPBACK_HOSTS.contains(host) || anonymousHosts.contains(host)))) {
            deny(ctx, shape, ErrorKind.PERMISSION, "this gateway has no keys configured and answers only requests addressed "
                    + "to localhost, 127.0.0.1 or [::1] (or a name listed in auth.allowed_hosts)");
            return;
        }
        if (api && cors.enabled()) {
            ctx.response().putHeader("vary", "Origin"); // answers differ by Origin: caches must keep them apart
        }
        String origin = request.getHeader("origin");
        if (origin != null) {
            if (api && cors.allows(origin)) {
                cors.grant(ctx.response(), origin);
                if (CorsPolicy.isPreflight(request)) {
                    cors.preflight(request, ctx.response());
                    return;
                }
            } else if (!(admin && sameOrigin(request, origin) && (!anonymous || LOOPBACK_HOSTS.contains(host)))) {
                deny(ctx, shape, ErrorKind.PERMISSION, admin ? "cross-origin requests to the admin API are refused"
                        : "requests from this web origin are refused; list it in cors.origins to allow it");
                return;
            }
        }
        Principal principal;
        if (anonymous) {
            boolean local = isLoopback(request.remoteAddress());
            if (admin && !local) {
                deny(ctx, shape, ErrorKind.PERMISSION, "the admin API needs an admin key; none is configured, so it answers loopback clients only");
                return;
            }
            principal = local ? Principal.ANONYMOUS : ANONYMOUS_REMOTE;
        } else {
            String presented = presentedKey(request);
            if (presented != null) {
                KeyRegistry.Authentication found = keys.authenticate(presented);
                if (found instanceof KeyRegistry.Granted granted) {
                    principal = granted.principal();
                } else {
                    deny(ctx, shape, ErrorKind.AUTHENTICATION,
                            found instanceof KeyRegistry.Disabled ? "this API key is disabled" : "invalid API key");
                    return;
                }
            } else {
                // a session cookie counts only on /api/* and only when no key header was sent at all
                boolean keyHeader = request.getHeader("authorization") != null || request.getHeader("x-api-key") != null;
                String cookie = adminApi && !keyHeader ? sessionCookie(request) : null;
                Principal session = cookie == null ? null : sessions.principal(cookie);
                if (session != null) {
                    if (origin == null && changes(request.method())) {
                        // browsers send Origin with every such request, so this one did not come from the dashboard page
                        deny(ctx, shape, ErrorKind.PERMISSION, "changes through a dashboard session need the page's Origin header");
                        return;
                    }
                    principal = session;
                } else if (path.equals(SESSION_PATH) && (request.method() == HttpMethod.POST || request.method() == HttpMethod.DELETE)) {
                    principal = null; // logging in or out: the session resource checks what it is given
                } else {
                    deny(ctx, shape, ErrorKind.AUTHENTICATION, cookie == null
                            ? "missing API key: send Authorization: Bearer KEY or x-api-key: KEY"
                            : "the dashboard session has expired or is no longer valid; log in again");
                    return;
                }
            }
            if (admin && principal != null && !principal.admin()) {
                deny(ctx, shape, ErrorKind.PERMISSION, "this key may not use the admin API");
                return;
            }
        }
        if (carriesBody(request.method()) && !isJson(request.getHeader("content-type"))) {
            // a page may post text/plain or a form without a preflight; JSON needs one, which CORS then decides
            deny(ctx, shape, ErrorKind.UNSUPPORTED_MEDIA_TYPE, "content-type must be application/json");
            return;
        }
        if (principal != null) {
            ctx.put(Principal.CONTEXT_KEY, principal);
        }
        ctx.next();
    }

    static boolean changes(HttpMethod method) {
        return carriesBody(method) || method == HttpMethod.DELETE;
    }

    /** The value of the dashboard session cookie, or null. */
    static String sessionCookie(HttpServerRequest request) {
        io.vertx.core.http.Cookie cookie = request.getCookie(DashboardSessions.COOKIE);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
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

    /** Whether a query string names a key-carrying parameter (names compared decoded and case-insensitively). */
    static boolean carriesToken(String query) {
        return carriesToken(query, false);
    }

    /** {@code keyNames}: {@code key} is a filter by key name there (the request log), not a secret. */
    static boolean carriesToken(String query, boolean keyNames) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            String name = query.substring(start, equals >= 0 && equals < end ? equals : end);
            String parameter = decode(name).trim().toLowerCase(Locale.ROOT);
            if (TOKEN_PARAMETERS.contains(parameter) && !(keyNames && parameter.equals("key"))) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name; // a malformed escape: compare it as written
        }
    }

    /** The host of a Host header without its port, lower case; null when absent or malformed. */
    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || hostHeader.length() > 255) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        String port = "";
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            port = host.substring(close + 1);
            host = host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                port = host.substring(colon);
                host = host.substring(0, colon);
            }
        }
        if (!port.isEmpty() && (!port.startsWith(":") || port.length() > 6
                || !port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
            return null;
        }
        return host.isEmpty() ? null : host;
    }

    static boolean carriesBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    /** {@code application/json}, with parameters such as charset allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().equalsIgnoreCase("application/json");
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

    /** The page was served by this gateway itself (its dashboard): the Origin names the Host. */
    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        String host = request.host();
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
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
        ctx.response().end(ErrorBodies.body(ctx.response(), shape, kind, message, null).toString());
    }
}
