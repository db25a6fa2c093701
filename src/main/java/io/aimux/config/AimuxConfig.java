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

    /** Client and admin keys. */
    Auth auth();

    /** Upstream providers by name; presets are defined for openai, anthropic, cerebras, synthetic, zai, minimax, mock. */
    Map<String, ProviderConfig> providers();

    /** Request limits. */
    Limits limits();

    interface Auth {
        /** Allow requests without a key on a non-loopback address. Default false. */
        @WithDefault("false")
        boolean allowAnonymous();

        /** Keys by name. Default none (anonymous, loopback only). */
        Map<String, KeyConfig> keys();
    }

    interface KeyConfig {
        /** The secret the client sends as Bearer token or x-api-key. Required. */
        String key();

        /** {@code client} or {@code admin}. Default client. */
        @WithDefault("client")
        String role();
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
    }

    interface ProviderConfig {
        /** Wire type: {@code openai}, {@code anthropic} or {@code mock}. Required for non-preset providers. */
        Optional<String> type();

        /** Base URL as the official SDKs take it: OpenAI-type with {@code /v1}, Anthropic-type without. */
        Optional<String> baseUrl();

        /** Key sent upstream; may reference an environment variable as ${NAME}. Default none. */
        Optional<String> apiKey();

        /** Set false to switch a provider off. Default true (a preset without key is off). */
        @WithDefault("true")
        boolean enabled();

        /** Ceiling applied to the client's max_tokens. Default none. */
        Optional<Integer> maxOutputTokens();

        /** Top-level request fields this upstream rejects; removed before sending. Default none. */
        Optional<List<String>> dropParams();

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
    }
}
