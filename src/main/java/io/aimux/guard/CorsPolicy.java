package io.aimux.guard;

import io.aimux.config.AimuxConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Browser access to the client routes ({@code /v1}, {@code /anthropic}) from the pages of
 * {@code cors.origins}, exact origins only; off when none are listed. The admin API never grants
 * it. Keys travel in headers, never in cookies, so credentials mode is not needed and the
 * gateway never allows it.
 */
@ApplicationScoped
public class CorsPolicy {

    static final String METHODS = "POST, GET, OPTIONS";

    /**
     * Request headers the OpenAI and Anthropic clients send from a browser; {@code x-stainless-*}
     * (the SDKs' telemetry headers) are matched by prefix. Anything else is left out of the answer.
     */
    static final Set<String> HEADERS = Set.of("authorization", "x-api-key", "content-type", "accept",
            "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
            "openai-organization", "openai-project", "openai-beta", "idempotency-key", "x-aimux-output-format");

    private final Set<String> origins;
    private final String maxAge;

    public CorsPolicy(AimuxConfig config) {
        this.origins = config.cors().origins().orElse(java.util.List.of()).stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.maxAge = Integer.toString(config.cors().maxAgeSeconds());
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    /** Whether pages of this origin may call the client routes; {@code null} and {@code "null"} never may. */
    public boolean allows(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS && request.getHeader("access-control-request-method") != null;
    }

    /** Headers that let the page of an allowed origin read the answer. */
    void grant(HttpServerResponse response, String origin) {
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                // without credentials mode a browser honours "*" here: rate-limit and retry headers stay readable
                .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "*");
    }

    /** Answers a preflight from an allowed origin: methods, the known request headers, and how long to cache. */
    void preflight(HttpServerRequest request, HttpServerResponse response) {
        response.setStatusCode(204)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge);
        String headers = allowedHeaders(request.getHeader("access-control-request-headers"));
        if (!headers.isEmpty()) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        response.end();
    }

    /** The requested headers that are on the allow-list, lower case; the rest are left out so the browser refuses them. */
    static String allowedHeaders(String requested) {
        if (requested == null || requested.length() > 4096) {
            return "";
        }
        StringJoiner out = new StringJoiner(", ");
        for (String name : requested.split(",")) {
            String header = name.trim().toLowerCase(Locale.ROOT);
            if (HEADERS.contains(header) || (header.startsWith("x-stainless-") && header.length() <= 64
                    && header.chars().allMatch(c -> c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))) {
                out.add(header);
            }
        }
        return out.toString();
    }
}
