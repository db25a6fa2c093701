package io.aimux.config;

import io.aimux.guard.KeyRegistry;
import io.aimux.guard.ModelAccess;
import io.aimux.provider.http.HttpProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the settings as a whole and names every problem by its config.json key. Values are
 * never quoted: they may be secrets.
 */
public final class ConfigValidator {

    public static final Set<String> OUTPUT_FORMATS = Set.of("json", "raw", "toon");
    public static final Set<String> PROVIDER_TYPES = Set.of("openai", "openai-responses", "anthropic", "mock");

    /** Largest request log kept in memory (entries), so a typo cannot take the heap. */
    public static final int MAX_REQUEST_LOG = 100_000;
    /** Largest body kept per request-log entry (characters). */
    public static final int MAX_BODY_CHARS = 1_048_576;

    private ConfigValidator() {
    }

    public static List<String> problems(AimuxConfig config, Set<String> knownDialects) {
        List<String> problems = new ArrayList<>();
        if (!OUTPUT_FORMATS.contains(config.outputFormat())) {
            problems.add("output_format: must be one of json, raw, toon");
        }
        AimuxConfig.Limits limits = config.limits();
        positive(problems, "limits.max_request_bytes", limits.maxRequestBytes());
        positive(problems, "limits.max_upstream_body_bytes", limits.maxUpstreamBodyBytes());
        positive(problems, "limits.connect_timeout_seconds", limits.connectTimeoutSeconds());
        positive(problems, "limits.idle_timeout_seconds", limits.idleTimeoutSeconds());
        positive(problems, "limits.upstream_keep_alive_seconds", limits.upstreamKeepAliveSeconds());
        positive(problems, "limits.total_timeout_seconds", limits.totalTimeoutSeconds());
        positive(problems, "limits.max_in_flight", limits.maxInFlight());
        positive(problems, "limits.request_read_timeout_seconds", limits.requestReadTimeoutSeconds());
        positive(problems, "limits.min_upload_bytes_per_second", limits.minUploadBytesPerSecond());
        limits.maxInFlightBytes().ifPresent(bytes -> {
            if (bytes < limits.maxRequestBytes()) {
                problems.add("limits.max_in_flight_bytes: must be at least limits.max_request_bytes");
            }
        });
        positive(problems, "limits.max_upstream_connections", limits.maxUpstreamConnections());
        if (!(limits.retryBudgetRatio() >= 0 && limits.retryBudgetRatio() <= 1)) {
            problems.add("limits.retry_budget_ratio: must be between 0 and 1");
        }
        positive(problems, "limits.control_timeout_seconds", limits.controlTimeoutSeconds());
        if (config.responses().maxStored() < 0) {
            problems.add("responses.max_stored: must be 0 or more");
        }
        AimuxConfig.RequestLog log = config.requestLog();
        if (log.size() < 0 || log.size() > MAX_REQUEST_LOG) {
            problems.add("request_log.size: must be between 0 and " + MAX_REQUEST_LOG);
        }
        if (log.maxBodyChars() < 0 || log.maxBodyChars() > MAX_BODY_CHARS) {
            problems.add("request_log.max_body_chars: must be between 0 and " + MAX_BODY_CHARS);
        }
        if (log.maxFileBytes() < 4096) {
            problems.add("request_log.max_file_bytes: must be at least 4096");
        }
        if (log.maxFiles() < 1 || log.maxFiles() > 1000) {
            problems.add("request_log.max_files: must be between 1 and 1000");
        }
        if (log.queueSize() < 1 || log.queueSize() > 1_000_000) {
            problems.add("request_log.queue_size: must be between 1 and 1000000");
        }
        positive(problems, "responses.ttl_seconds", config.responses().ttlSeconds());
        positive(problems, "dashboard.refresh_seconds", config.dashboard().refreshSeconds());
        positive(problems, "dashboard.max_subscribers", config.dashboard().maxSubscribers());

        Set<String> secrets = new HashSet<>();
        for (Map.Entry<String, AimuxConfig.KeyConfig> entry : config.auth().keys().entrySet()) {
            String at = "auth.keys." + entry.getKey();
            String key = entry.getValue().key();
            if (key == null || key.isBlank()) {
                problems.add(at + ".key: must not be empty");
            } else if (key.length() < 8) {
                problems.add(at + ".key: must be at least 8 characters long");
            } else if (!secrets.add(key)) {
                problems.add(at + ".key: the same key is configured twice");
            }
            String role = entry.getValue().role();
            if (!role.equals("client") && !role.equals("admin")) {
                problems.add(at + ".role: must be client or admin");
            }
            if (!KeyRegistry.ID.matcher(entry.getKey()).matches()) {
                problems.add("auth.keys: a key name may hold only letters, digits, '.', '_' and '-' (1 to 64)");
            }
            List<String> models = entry.getValue().models().orElse(List.of());
            for (int i = 0; i < models.size(); i++) {
                String problem = ModelAccess.problem(models.get(i), config);
                if (problem != null) {
                    problems.add(at + ".models[" + i + "]: " + problem);
                }
            }
        }
        offOrSeconds(problems, "auth.refresh_seconds", config.auth().refreshSeconds());
        for (String host : config.auth().allowedHosts().orElse(List.of())) {
            if (!HOST_NAME.matcher(host).matches()) {
                problems.add("auth.allowed_hosts: '" + shorten(host) + "' is not a host name (no scheme, no port)");
            }
        }
        for (String origin : config.cors().origins().orElse(List.of())) {
            if (!isOrigin(origin)) {
                problems.add("cors.origins: '" + shorten(origin) + "' is not an exact origin such as https://app.example.com");
            }
        }
        notNegative(problems, "cors.max_age_seconds", config.cors().maxAgeSeconds());

        for (Map.Entry<String, AimuxConfig.ProviderConfig> entry : config.providers().entrySet()) {
            String at = "providers." + entry.getKey();
            AimuxConfig.ProviderConfig provider = entry.getValue();
            if (entry.getKey().isBlank() || entry.getKey().contains("/")) {
                problems.add(at + ": a provider name must be non-empty and contain no '/'");
            }
            String type = provider.type().orElse(null);
            if (type == null || !PROVIDER_TYPES.contains(type)) {
                problems.add(at + ".type: must be openai, openai-responses, anthropic or mock");
            } else if (!type.equals("mock")) {
                String url = provider.baseUrl().orElse(null);
                if (url == null) {
                    problems.add(at + ".base_url: is required for type " + type);
                } else if (!HttpProvider.isHttpUrl(url)) {
                    problems.add(at + ".base_url: must be an absolute http:// or https:// URL");
                }
            }
            provider.maxOutputTokens().ifPresent(max -> positive(problems, at + ".max_output_tokens", max));
            offOrSeconds(problems, at + ".models_refresh_seconds", provider.modelsRefreshSeconds());
            offOrSeconds(problems, at + ".health_probe_seconds", provider.healthProbeSeconds());
            provider.contextWindow().ifPresent(window -> positive(problems, at + ".context_window", window));
            provider.outputFormat().ifPresent(format -> {
                if (!OUTPUT_FORMATS.contains(format)) {
                    problems.add(at + ".output_format: must be one of json, raw, toon");
                }
            });
            features(problems, at + ".features", provider.features());
            resilience(problems, at + ".resilience", provider.resilience());
            provider.connectTimeoutSeconds().ifPresent(v -> positive(problems, at + ".connect_timeout_seconds", v));
            provider.idleTimeoutSeconds().ifPresent(v -> positive(problems, at + ".idle_timeout_seconds", v));
            provider.modelRules().ifPresent(rules -> {
                for (int i = 0; i < rules.size(); i++) {
                    String rule = at + ".model_rules[" + i + "]";
                    if (rules.get(i).match().isBlank()) {
                        problems.add(rule + ".match: must not be empty");
                    }
                    features(problems, rule + ".features", rules.get(i).features());
                }
            });
            provider.formatPreference().ifPresent(list -> {
                for (String dialect : list) {
                    if (!knownDialects.contains(dialect)) {
                        problems.add(at + ".format_preference: unknown format '" + shorten(dialect) + "'; known: "
                                + String.join(", ", knownDialects.stream().sorted().toList()));
                    }
                }
            });
        }

        for (Map.Entry<String, List<String>> alias : config.aliases().entrySet()) {
            String at = "aliases." + alias.getKey();
            if (alias.getValue().isEmpty()) {
                problems.add(at + ": needs at least one PROVIDER/MODEL target");
            }
            for (String target : alias.getValue()) {
                checkTarget(problems, at, target, config);
            }
        }
        routes(problems, config);
        limits(problems, config);
        config.defaultModel().ifPresent(model -> checkTarget(problems, "default_model", model, config));
        problems.addAll(io.aimux.guard.content.GuardEngine.problems(config));
        return problems;
    }

    private static void routes(List<String> problems, AimuxConfig config) {
        for (Map.Entry<String, AimuxConfig.Route> route : config.routes().entrySet()) {
            String at = "routes." + route.getKey();
            if (config.aliases().containsKey(route.getKey())) {
                problems.add(at + ": the same name is also an alias");
            }
            List<AimuxConfig.RouteTarget> targets = route.getValue().targets();
            if (targets.isEmpty()) {
                problems.add(at + ".targets: needs at least one target");
            } else if (targets.stream().noneMatch(AimuxConfig.RouteTarget::enabled)) {
                problems.add(at + ".targets: every target is disabled");
            }
            for (int i = 0; i < targets.size(); i++) {
                String entry = at + ".targets[" + i + "]";
                AimuxConfig.RouteTarget target = targets.get(i);
                checkTarget(problems, entry + ".model", target.model(), config);
                if (target.weight() < 1) {
                    problems.add(entry + ".weight: must be at least 1");
                }
                if (target.priority() < 0) {
                    problems.add(entry + ".priority: must not be negative");
                }
                target.contextWindow().ifPresent(window -> positive(problems, entry + ".context_window", window));
            }
        }
        AimuxConfig.RouteRoles roles = config.routeRoles();
        roleTarget(problems, "route_roles.background", roles.background(), config);
        roleTarget(problems, "route_roles.thinking", roles.thinking(), config);
        roleTarget(problems, "route_roles.long_context", roles.longContext(), config);
        roleTarget(problems, "route_roles.vision", roles.vision(), config);
        roleTarget(problems, "route_roles.web_search", roles.webSearch(), config);
        positive(problems, "route_roles.long_context_threshold", roles.longContextThreshold());
        positive(problems, "route_roles.background_max_tokens", roles.backgroundMaxTokens());
    }

    /** The state store, the price table, provider quotas and key limits (docs/security.md#rate-limits-budgets-and-the-state-store). */
    private static void limits(List<String> problems, AimuxConfig config) {
        AimuxConfig.State state = config.state();
        if (!state.store().equals("memory") && !state.store().equals("redis")) {
            problems.add("state.store: must be memory or redis");
        }
        if (state.store().equals("redis")) {
            String url = state.redisUrl().orElse("");
            if (url.isBlank()) {
                problems.add("state.redis_url: is required when state.store is redis");
            } else if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("unix://")) {
                problems.add("state.redis_url: must start with redis://, rediss:// or unix://");
            }
        }
        if (!state.onUnavailable().equals("open") && !state.onUnavailable().equals("closed")) {
            problems.add("state.on_unavailable: must be open or closed");
        }
        positive(problems, "state.timeout_ms", state.timeoutMs());
        for (Map.Entry<String, AimuxConfig.Price> price : config.prices().entrySet()) {
            String at = "prices." + shorten(price.getKey());
            int slash = price.getKey().indexOf('/');
            if (slash <= 0 || slash == price.getKey().length() - 1) {
                problems.add(at + ": must be named PROVIDER/MODEL or PROVIDER/*");
            }
            AimuxConfig.Price p = price.getValue();
            notNegativePrice(problems, at + ".input", p.input());
            notNegativePrice(problems, at + ".output", p.output());
            p.cacheRead().ifPresent(v -> notNegativePrice(problems, at + ".cache_read", v));
            p.cacheWrite().ifPresent(v -> notNegativePrice(problems, at + ".cache_write", v));
        }
        config.providers().forEach((name, provider) -> {
            notNegative(problems, "providers." + name + ".quota.requests_per_minute", provider.quota().requestsPerMinute());
            notNegative(problems, "providers." + name + ".quota.tokens_per_minute", provider.quota().tokensPerMinute());
        });
        config.auth().keys().forEach((name, key) -> {
            String at = "auth.keys." + name + ".limits";
            AimuxConfig.KeyLimitsConfig l = key.limits();
            notNegative(problems, at + ".requests_per_minute", l.requestsPerMinute());
            notNegative(problems, at + ".tokens_per_minute", l.tokensPerMinute());
            notNegative(problems, at + ".max_concurrent", l.maxConcurrent());
            notNegative(problems, at + ".daily_tokens", l.dailyTokens());
            notNegative(problems, at + ".monthly_tokens", l.monthlyTokens());
            notNegativePrice(problems, at + ".daily_cost_usd", l.dailyCostUsd());
            notNegativePrice(problems, at + ".monthly_cost_usd", l.monthlyCostUsd());
        });
    }

    private static void notNegativePrice(List<String> problems, String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problems.add(key + ": must be a number of US dollars, not negative");
        }
    }

    /** A role names a route or an alias, or PROVIDER/MODEL of a configured provider. */
    private static void roleTarget(List<String> problems, String at, java.util.Optional<String> name, AimuxConfig config) {
        name.filter(n -> !config.routes().containsKey(n) && !config.aliases().containsKey(n)).ifPresent(n -> {
            if (n.indexOf('/') < 0) {
                problems.add(at + ": '" + shorten(n) + "' is neither a configured route nor an alias");
            } else {
                checkTarget(problems, at, n, config);
            }
        });
    }

    public static final Set<String> THINKING_FORMS = Set.of("adaptive", "budget", "none");

    private static void features(List<String> problems, String at, AimuxConfig.Features features) {
        features.thinking().ifPresent(form -> {
            if (!THINKING_FORMS.contains(form)) {
                problems.add(at + ".thinking: must be one of adaptive, budget, none");
            }
        });
    }

    private static void resilience(List<String> problems, String at, AimuxConfig.Resilience r) {
        notNegative(problems, at + ".max_retries", r.maxRetries());
        positive(problems, at + ".retry_delay_ms", r.retryDelayMs());
        if (r.retryMaxDelayMs() < r.retryDelayMs()) {
            problems.add(at + ".retry_max_delay_ms: must be at least retry_delay_ms");
        }
        notNegative(problems, at + ".max_retry_after_seconds", r.maxRetryAfterSeconds());
        if (!(r.breakerFailureRatio() > 0 && r.breakerFailureRatio() <= 1)) {
            problems.add(at + ".breaker_failure_ratio: must be above 0 and at most 1");
        }
        notNegative(problems, at + ".breaker_request_volume", r.breakerRequestVolume());
        positive(problems, at + ".breaker_delay_seconds", r.breakerDelaySeconds());
        notNegative(problems, at + ".max_concurrent", r.maxConcurrent());
        notNegative(problems, at + ".max_queued", r.maxQueued());
        notNegative(problems, at + ".rate_limit_per_minute", r.rateLimitPerMinute());
    }

    private static void notNegative(List<String> problems, String key, long value) {
        if (value < 0) {
            problems.add(key + ": must not be negative");
        }
    }

    private static void checkTarget(List<String> problems, String at, String target, AimuxConfig config) {
        int slash = target.indexOf('/');
        if (slash <= 0 || slash == target.length() - 1) {
            problems.add(at + ": '" + shorten(target) + "' is not of the form PROVIDER/MODEL");
        } else if (!config.providers().containsKey(target.substring(0, slash))) {
            problems.add(at + ": provider '" + shorten(target.substring(0, slash)) + "' is not configured");
        }
    }

    private static void positive(List<String> problems, String key, long value) {
        if (value <= 0) {
            problems.add(key + ": must be a positive number");
        }
    }

    private static void offOrSeconds(List<String> problems, String key, long value) {
        if (value < 0) {
            problems.add(key + ": must be 0 (off) or a positive number of seconds");
        }
    }

    /** A DNS name or IPv4 address, or a bracketed IPv6 address: what a Host header holds before its port. */
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}]");

    /** scheme://host[:port] with http or https, nothing after: what a browser sends as Origin. */
    static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && !origin.contains("*");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
