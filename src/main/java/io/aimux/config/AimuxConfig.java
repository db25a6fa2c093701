package io.aimux.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All AIMUX settings. Sources, highest precedence first: {@code AIMUX_*} environment variables,
 * {@code config.json} (see {@link ConfigJsonSourceProvider}), built-in defaults and presets in
 * {@code application.properties}.
 */
@ConfigMapping(prefix = "aimux")
public interface AimuxConfig {

    /** Master switch of the prettifier (text tool-call rescue, reasoning extraction). Default true. */
    @WithDefault("true")
    boolean prettifierEnabled();

    /** Output format: {@code json} (client protocol shape), {@code raw} (no prettifying) or {@code toon}. Default json. */
    @WithDefault("json")
    String outputFormat();

    /** Directory for state files. Default {@code ./data}. */
    @WithDefault("./data")
    String dataDir();

    /** Model used when a request names a bare model that is neither an alias nor PROVIDER/MODEL. Default none (404). */
    Optional<String> defaultModel();

    /** Alias name to ordered fallback chain of PROVIDER/MODEL targets. Default none. */
    Map<String, List<String>> aliases();

    /** Route name to weighted, prioritised targets (docs/routing.md). Addressable as a model like an alias. Default none. */
    Map<String, Route> routes();

    /** Routes chosen from what a request is (background, thinking, long context, vision, web search). */
    RouteRoles routeRoles();

    /** Client and admin keys. */
    Auth auth();

    /** Browser access (CORS) to the client routes; the admin API never grants it. */
    Cors cors();

    /** Upstream providers by name; presets are defined for openai, anthropic, cerebras, synthetic, zai, minimax, mock. */
    Map<String, ProviderConfig> providers();

    /** Request limits. */
    Limits limits();

    /** The dashboard's live updates ({@code GET /api/dashboard/events}). */
    Dashboard dashboard();

    interface Dashboard {
        /** Seconds between two snapshots pushed to each live dashboard; at least 1. Default 2. */
        @WithDefault("2")
        int refreshSeconds();

        /** Live dashboards connected at once; more are refused with 503. Default 16. */
        @WithDefault("16")
        int maxSubscribers();
    }

    /** Responses stored for {@code previous_response_id} and {@code GET /v1/responses/{id}}. */
    Responses responses();

    interface Responses {
        /** Stored responses kept at most; the oldest leave first, 0 stores none. Default 1000. */
        @WithDefault("1000")
        int maxStored();

        /** Seconds a stored response stays retrievable. Default 3600. */
        @WithDefault("3600")
        long ttlSeconds();
    }

    /** The request log behind {@code /api/requests} (docs/monitoring.md#request-log). */
    RequestLog requestLog();

    /** One {@code aimux.access} log line per finished request (docs/monitoring.md#logs). Default true. */
    @WithDefault("true")
    boolean accessLog();

    /** The last requests of this replica, in memory and optionally appended to files. */
    interface RequestLog {
        /** Requests kept in memory, newest first; 0 turns the request log off. At most 100000. Default 1000. */
        @WithDefault("1000")
        int size();

        /** Keep the client's request body and the answer it received, redacted. Default false. */
        @WithDefault("false")
        boolean bodies();

        /** Characters kept of each body. Default 32768, at most 1048576. */
        @WithDefault("32768")
        int maxBodyChars();

        /** Append every entry as a JSON line under {@code <data_dir>/request-log/}. Default false. */
        @WithDefault("false")
        boolean persist();

        /** Bytes of one request-log file before it is rotated. Default 67108864 (64 MiB). */
        @WithDefault("67108864")
        long maxFileBytes();

        /** Request-log files kept, the one being written included; older ones are deleted. Default 8. */
        @WithDefault("8")
        int maxFiles();

        /** Entries waiting to be written; when full, new ones are dropped and counted. Default 10000. */
        @WithDefault("10000")
        int queueSize();
    }

    /** Where rate-limit counters and shared records live (docs/security.md#rate-limits-budgets-and-the-state-store). */
    State state();

    /**
     * Prices in US dollars per million tokens by {@code provider/model} (the upstream model) or
     * {@code provider/*}; they price the cost budgets of keys. Default none (cost 0).
     */
    Map<String, Price> prices();

    /** The state store: counters of rate limits and budgets, and records shared by replicas. */
    interface State {
        /** {@code memory} (this replica only) or {@code redis} (shared by replicas). Default memory. */
        @WithDefault("memory")
        String store();

        /** Redis URL, e.g. {@code redis://127.0.0.1:6379/0}; may reference ${VAR}; never printed. Required for redis. */
        Optional<String> redisUrl();

        /** Prefix of every Redis key after {@code aimux:}, to share one Redis between gateways. Default none. */
        Optional<String> keyPrefix();

        /**
         * While Redis cannot be reached: {@code open} serves requests without enforcing limits,
         * {@code closed} refuses those that need a limit check with 503. Default open.
         */
        @WithDefault("open")
        String onUnavailable();

        /** Milliseconds one call to the store may take before it counts as unreachable. Default 200. */
        @WithDefault("200")
        int timeoutMs();
    }

    /** Prices of one model in US dollars per million tokens. */
    interface Price {
        /** Input tokens not read from a cache. Default 0. */
        @WithDefault("0")
        double input();

        /** Output tokens (reasoning included). Default 0. */
        @WithDefault("0")
        double output();

        /** Input tokens read from the prompt cache. Default: the input price. */
        Optional<Double> cacheRead();

        /** Input tokens written to the prompt cache. Default: the input price. */
        Optional<Double> cacheWrite();
    }

    /** Limits of calls to one provider, counted across every replica through the state store. */
    interface Quota {
        /** Requests sent to this provider per minute; 0 means no limit. Default 0. */
        @WithDefault("0")
        long requestsPerMinute();

        /** Input plus output tokens per minute; 0 means no limit. Default 0. */
        @WithDefault("0")
        long tokensPerMinute();
    }

    /** Content guard: secrets, personal data, injections (docs/security.md#content-guard). */
    Guard guard();

    interface Route {
        /** Candidates; the lowest priority number is tried first, weighted at random within one priority. */
        List<RouteTarget> targets();
    }

    interface RouteTarget {
        /** PROVIDER/MODEL. Required. */
        String model();

        /** Relative share among targets of the same priority, at least 1. Default 1. */
        @WithDefault("1")
        int weight();

        /** Lower numbers are tried first; higher ones only as fallbacks. Default 0. */
        @WithDefault("0")
        int priority();

        /** Set false to take the target out of the route. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Input tokens the model takes; larger requests skip this target. Default: the provider's context_window. */
        Optional<Long> contextWindow();
    }

    interface RouteRoles {
        /** Route or alias for background requests (haiku-class or small and tool-less). Default none. */
        Optional<String> background();

        /** Route or alias for requests that ask for high reasoning effort. Default none. */
        Optional<String> thinking();

        /** Route or alias for requests estimated above {@link #longContextThreshold()} tokens. Default none. */
        Optional<String> longContext();

        /** Route or alias for requests that carry an image. Default none. */
        Optional<String> vision();

        /** Route or alias for requests that declare a web search server tool. Default none. */
        Optional<String> webSearch();

        /** Estimated input tokens above which a request is long-context. Default 60000. */
        @WithDefault("60000")
        long longContextThreshold();

        /** A tool-less request whose output limit is at most this is a background request. Default 512. */
        @WithDefault("512")
        int backgroundMaxTokens();
    }

    interface Auth {
        /** Allow requests without a key on a non-loopback address. Default false. */
        @WithDefault("false")
        boolean allowAnonymous();

        /** Keys by name. Default none (anonymous, loopback only). */
        Map<String, KeyConfig> keys();

        /**
         * Seconds between re-reads of the keys created through the admin API, so a change on one
         * replica reaches the others; 0 reads them only at startup and after this replica's own changes. Default 5.
         */
        @WithDefault("5")
        int refreshSeconds();

        /** Host names (no port) anonymous mode accepts besides localhost, 127.0.0.1 and [::1]. Default none. */
        Optional<List<String>> allowedHosts();

        /**
         * Serve {@code /q/metrics} to anyone who reaches the port; otherwise it needs an admin key
         * (or, without keys, a loopback client), because metrics name models and count tokens.
         * Default false.
         */
        @WithDefault("false")
        boolean publicMetrics();
    }

    interface Cors {
        /** Exact origins ({@code scheme://host[:port]}) whose pages may call /v1 and /anthropic; none turns CORS off. Default none. */
        Optional<List<String>> origins();

        /** Seconds a browser may cache a preflight answer. Default 600. */
        @WithDefault("600")
        int maxAgeSeconds();
    }

    interface KeyConfig {
        /** The secret the client sends as Bearer token or x-api-key. Required. */
        String key();

        /** {@code client} or {@code admin}. Default client. */
        @WithDefault("client")
        String role();

        /**
         * Models this key may call: aliases, {@code provider/model}, or {@code provider/*}. Default
         * none listed (any model).
         */
        Optional<List<String>> models();

        /** Rate limits and budgets of this key. Default unlimited. */
        KeyLimitsConfig limits();

        /**
         * Guard actions of this key by pattern id or category ({@code block}, {@code redact},
         * {@code flag}, {@code off}), tightening or easing the defaults. Default none.
         */
        Map<String, String> guard();
    }

    /** Limits of one key; 0 means unlimited. */
    interface KeyLimitsConfig {
        /** Requests per minute. Default 0. */
        @WithDefault("0")
        long requestsPerMinute();

        /** Input plus output tokens per minute. Default 0. */
        @WithDefault("0")
        long tokensPerMinute();

        /** Requests in flight at once. Default 0. */
        @WithDefault("0")
        int maxConcurrent();

        /** Tokens per UTC day. Default 0. */
        @WithDefault("0")
        long dailyTokens();

        /** Tokens per UTC calendar month. Default 0. */
        @WithDefault("0")
        long monthlyTokens();

        /** Cost in US dollars per UTC day, priced by {@code prices}. Default 0. */
        @WithDefault("0")
        double dailyCostUsd();

        /** Cost in US dollars per UTC calendar month, priced by {@code prices}. Default 0. */
        @WithDefault("0")
        double monthlyCostUsd();
    }

    interface Limits {
        /** Largest accepted request body in bytes. Default 33554432 (32 MiB). */
        @WithDefault("33554432")
        long maxRequestBytes();

        /** Largest upstream non-streaming body the gateway decodes, in bytes. Default 33554432. */
        @WithDefault("33554432")
        long maxUpstreamBodyBytes();

        /** Seconds to wait for an upstream to connect. Default 10. */
        @WithDefault("10")
        int connectTimeoutSeconds();

        /** Seconds an upstream may stay silent (before headers and between chunks). Default 300. */
        @WithDefault("300")
        int idleTimeoutSeconds();

        /**
         * Seconds an idle pooled upstream connection is kept for reuse. Default 4: below the 5 s
         * after which common servers (Node, uvicorn) close idle connections, so a request is
         * never sent on a connection the server is closing at that moment.
         */
        @WithDefault("4")
        int upstreamKeepAliveSeconds();

        /**
         * Seconds one request may take in all, attempts included, so keep-alive comments or a slow
         * trickle cannot hold it open without end. Default 1800.
         */
        @WithDefault("1800")
        int totalTimeoutSeconds();

        /** Connections kept to each upstream host; more requests wait (bounded) for one. Default 256. */
        @WithDefault("256")
        int maxUpstreamConnections();

        /** Requests the gateway serves at once; more are refused with 503 and Retry-After. Default 1024. */
        @WithDefault("1024")
        int maxInFlight();

        /**
         * Seconds a client has, once its request headers arrived, to send its body, plus one second
         * per {@link #minUploadBytesPerSecond()} of the body; past it the request is answered 408
         * and the connection closed, so a trickled body cannot hold a connection. Default 5.
         */
        @WithDefault("5")
        int requestReadTimeoutSeconds();

        /** Upload rate a request body is granted time for, in bytes per second. Default 65536. */
        @WithDefault("65536")
        long minUploadBytesPerSecond();

        /**
         * Bytes of chat request bodies held at once, from arrival to their answer; more are refused
         * with 503 and Retry-After. Default: a quarter of the maximum heap, at least max_request_bytes.
         */
        Optional<Long> maxInFlightBytes();

        /**
         * Retries per provider as a share of its calls over the last ten seconds (plus ten), so a
         * failing provider cannot multiply its own load. Default 0.2.
         */
        @WithDefault("0.2")
        double retryBudgetRatio();

        /**
         * Seconds a control-plane call (model list, health probe) may wait for its answer; short so a
         * hung upstream does not stall the next refresh. Default 10.
         */
        @WithDefault("10")
        int controlTimeoutSeconds();
    }

    interface ProviderConfig {
        /** Wire type: {@code openai}, {@code openai-responses}, {@code anthropic} or {@code mock}. Required for non-preset providers. */
        Optional<String> type();

        /** Base URL as the official SDKs take it: OpenAI-type with {@code /v1}, Anthropic-type without. */
        Optional<String> baseUrl();

        /** Key sent upstream; may reference an environment variable as ${NAME}. Default none. */
        Optional<String> apiKey();

        /**
         * Set false to switch a provider off. Default true (a preset without key is off); the
         * {@code mock} type defaults to off once client keys and an enabled real provider exist.
         */
        Optional<Boolean> enabled();

        /** Ceiling applied to the client's max_tokens. Default none. */
        Optional<Integer> maxOutputTokens();

        /** Top-level request fields this upstream rejects; removed before sending. Default none. */
        Optional<List<String>> dropParams();

        /** Input tokens this provider's models take, unless a route target says otherwise. Default unknown. */
        Optional<Long> contextWindow();

        /** Model names listed by /v1/models and used as metric labels. Default none. */
        Optional<List<String>> models();

        /** MiniMax account group, sent as the GroupId query parameter. Default none. */
        Optional<String> groupId();

        /** Extra headers sent upstream. Default none. */
        Map<String, String> headers();

        /** Per-provider prettifier switch. Default: the global prettifier_enabled. */
        Optional<Boolean> prettifierEnabled();

        /** Per-provider output format. Default: the global output_format. */
        Optional<String> outputFormat();

        /** Dialects to try, in order (only these). Default all. */
        @WithName("format-preference")
        Optional<List<String>> formatPreference();

        /** What this upstream understands; decides which request features are relayed or emulated. */
        Features features();

        /** Per-model overrides of {@link #features()}, first matching rule wins. Default none. */
        Optional<List<ModelRule>> modelRules();

        /**
         * Seconds between fetches of the upstream's model list (in the background, first at startup);
         * 0 never asks the upstream, so only {@link #models()} are listed. Default 600.
         */
        @WithDefault("600")
        int modelsRefreshSeconds();

        /**
         * Seconds between active health probes (a GET of the upstream's free models endpoint); 0 turns
         * the probe off and the health stays unknown. Default 0.
         */
        @WithDefault("0")
        int healthProbeSeconds();

        /** Seconds to connect to this upstream (and to wait for a pooled connection). Default: limits.connect_timeout_seconds. */
        Optional<Integer> connectTimeoutSeconds();

        /** Seconds this upstream may stay silent, before its first byte and between chunks. Default: limits.idle_timeout_seconds. */
        Optional<Integer> idleTimeoutSeconds();

        /** Retries, circuit breaker and limits of calls to this provider (docs/routing.md). */
        Resilience resilience();

        /** Requests and tokens per minute for this provider across all replicas; over it, the target is skipped. */
        Quota quota();
    }

    /** How calls to one provider are retried, cut off and limited. */
    interface Resilience {
        /** Retries of the same target before the chain moves on (only before the first byte). Default 1. */
        @WithDefault("1")
        int maxRetries();

        /** First backoff in milliseconds; doubles per retry, with ±25% jitter. Default 500. */
        @WithDefault("500")
        long retryDelayMs();

        /** Longest backoff in milliseconds. Default 8000. */
        @WithDefault("8000")
        long retryMaxDelayMs();

        /** A Retry-After longer than this (seconds) moves on to the next target instead of waiting. Default 10. */
        @WithDefault("10")
        int maxRetryAfterSeconds();

        /** Failure ratio in the rolling window that opens the circuit breaker. Default 0.5. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** Calls in the breaker's rolling window; 0 switches the breaker off. Default 20. */
        @WithDefault("20")
        int breakerRequestVolume();

        /** Seconds an open breaker waits before letting a probe call through (half-open). Default 30. */
        @WithDefault("30")
        int breakerDelaySeconds();

        /** Calls in flight to this provider at once; 0 means no limit. Default 0. */
        @WithDefault("0")
        int maxConcurrent();

        /** Calls that may wait for a concurrency slot. Default 64. */
        @WithDefault("64")
        int maxQueued();

        /** Calls started per minute; 0 means no limit. Default 0. */
        @WithDefault("0")
        int rateLimitPerMinute();
    }

    /**
     * Capabilities of an upstream (docs/compatibility.md). Unset values take the defaults of the
     * provider's wire type; the {@code anthropic} preset sets the first-party ones.
     */
    interface Features {
        /** Anthropic-type: accepts {@code system} messages inside {@code messages}. Default false (folded into user turns). */
        Optional<Boolean> systemMessages();

        /** Anthropic-type: applies {@code context_management} edits itself. Default false (the gateway applies them). */
        Optional<Boolean> contextManagement();

        /** Anthropic-type: implements deferred tools ({@code defer_loading}, {@code tool_reference}). Default false (all tools sent up front). */
        Optional<Boolean> toolSearch();

        /**
         * Thinking form the model accepts: {@code adaptive} (with output_config.effort), {@code budget}
         * ({@code type: enabled} with budget_tokens) or {@code none}. Default: relay what the client sent
         * to Anthropic-type upstreams; for OpenAI-type ones, reasoning_effort is sent to OpenAI reasoning models only.
         */
        Optional<String> thinking();

        /** Forward the client's {@code metadata.user_id} (a device/account identifier). Default false. */
        Optional<Boolean> forwardUserId();

        /** {@code anthropic-beta} values forwarded (exact names). Default: all the client sent, less those of emulated features. */
        Optional<List<String>> betas();
    }

    /** Feature overrides for the models of one provider whose name starts with {@code match}. */
    interface ModelRule {
        /** Model-name prefix; {@code *} at the end is allowed and ignored. Required. */
        String match();

        /** Overrides; unset values fall back to the provider's features. */
        Features features();
    }

    /** What the content guard looks for and what it does with a match. */
    interface Guard {
        /** Master switch of the guard at every stage. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Actions ({@code block}, {@code redact}, {@code flag}, {@code off}) by pattern id or category, over the defaults. Default none. */
        Map<String, String> actions();

        /** Patterns of the operator's own, after the built-in ones. Default none. */
        Optional<List<CustomPattern>> custom();

        /**
         * Decode and check same-protocol answers that would be relayed byte for byte, when the
         * policy may redact or block them. Default false (relayed as they come; the request stage
         * already removed the secrets a model could repeat).
         */
        @WithDefault("false")
        boolean checkRelayedAnswers();

        /**
         * Texts of at least 32 characters remembered (by SHA-256 digest, per replica) as found
         * clean, so history resent every turn is not scanned again. 0 turns it off. Default 20000.
         */
        @WithDefault("20000")
        int cleanCacheEntries();
    }

    /** One operator-defined guard pattern. */
    interface CustomPattern {
        /** Id: lowercase letters, digits and '-', unique among patterns and categories. Required. */
        String id();

        /** RE2 regular expression, checked at startup. Required. */
        String regex();

        /** {@code block}, {@code redact}, {@code flag} or {@code off}. Default flag. */
        @WithDefault("flag")
        String action();

        /** Stages it runs at: {@code request}, {@code response}, {@code tool_call}, {@code log}. Default all four. */
        Optional<List<String>> stages();
    }
}
