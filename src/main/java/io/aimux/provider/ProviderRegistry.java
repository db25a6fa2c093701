package io.aimux.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.provider.http.HttpProvider;
import io.aimux.provider.mock.MockProvider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured providers, built once at startup; disabled ones are listed with the reason. */
@ApplicationScoped
public class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    /** Presets that call a paid service and so need a key; the variable named is the conventional one. */
    private static final Map<String, String> PRESET_KEY_VARIABLES = Map.of(
            "openai", "OPENAI_API_KEY",
            "anthropic", "ANTHROPIC_API_KEY",
            "cerebras", "CEREBRAS_API_KEY",
            "synthetic", "SYNTHETIC_API_KEY",
            "zai", "ZAI_API_KEY",
            "minimax", "MINIMAX_API_KEY");

    /** Requests that may wait for a pooled upstream connection at once, across providers. */
    static final int MAX_WAITING_FOR_CONNECTION = 1024;

    /** What the admin API and health checks show of a provider; never the key. */
    public record Status(String name, String type, boolean enabled, String reason, List<String> models) {}

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Map<String, Status> statuses = new TreeMap<>();
    private final AimuxConfig config;
    private boolean mockExplicit;

    /** Why a mock provider is off although nobody switched it off. */
    static final String MOCK_OFF = "off by default once client keys and a real provider are configured; "
            + "set providers.mock.enabled to true to keep it";

    /** The data plane's upstream HTTP client. */
    static HttpClientOptions upstreamClientOptions(AimuxConfig.Limits limits) {
        return new HttpClientOptions()
                .setConnectTimeout(limits.connectTimeoutSeconds() * 1000)
                .setKeepAlive(true)
                .setKeepAliveTimeout(limits.upstreamKeepAliveSeconds())
                .setTcpNoDelay(true)
                .setTryUseCompression(false)
                .setDecompressionSupported(true)
                .setMaxInitialLineLength(16 * 1024);
    }

    @Inject
    public ProviderRegistry(AimuxConfig config, Vertx vertx, ObjectMapper mapper) {
        this.config = config;
        HttpClient client = vertx.createHttpClient(upstreamClientOptions(config.limits()),
                // a bounded wait for connections: past it a request fails over at once instead of queueing without end
                new PoolOptions().setHttp1MaxSize(config.limits().maxUpstreamConnections()).setMaxWaitQueueSize(MAX_WAITING_FOR_CONNECTION));
        long idle = config.limits().idleTimeoutSeconds() * 1000L;
        boolean mockByDefault = mockByDefault(config);
        config.providers().forEach((name, settings) -> {
            String type = settings.type().orElse("");
            List<String> models = settings.models().orElse(List.of());
            if (type.equals("mock")) {
                if (settings.enabled().orElse(mockByDefault)) {
                    mockExplicit |= settings.enabled().isPresent();
                    providers.put(name, new MockProvider(name, vertx));
                    statuses.put(name, new Status(name, type, true, null, MockProvider.models()));
                } else {
                    statuses.put(name, new Status(name, type, false, settings.enabled().isPresent()
                            ? "disabled in configuration" : MOCK_OFF, MockProvider.models()));
                }
                return;
            }
            if (!settings.enabled().orElse(true)) {
                statuses.put(name, new Status(name, type, false, "disabled in configuration", models));
                return;
            }
            String key = settings.apiKey().filter(k -> !k.isBlank()).orElse(null);
            String variable = PRESET_KEY_VARIABLES.get(name);
            if (key == null && variable != null) {
                String reason = "no API key: set " + variable + " or AIMUX_PROVIDERS_" + name.toUpperCase() + "_API_KEY";
                statuses.put(name, new Status(name, type, false, reason, models));
                LOG.infof("provider %s disabled: %s", name, reason);
                return;
            }
            WireProtocol protocol = type.equals("anthropic") ? WireProtocol.ANTHROPIC : WireProtocol.OPENAI;
            providers.put(name, new HttpProvider(name, protocol, type.equals("openai-responses"), settings.baseUrl().orElseThrow(), key,
                    settings.groupId().orElse(null), settings.headers(), client, mapper,
                    settings.connectTimeoutSeconds().orElse(config.limits().connectTimeoutSeconds()) * 1000L,
                    settings.idleTimeoutSeconds().map(seconds -> seconds * 1000L).orElse(idle),
                    config.limits().maxUpstreamBodyBytes(), vertx));
            statuses.put(name, new Status(name, type, true, null, models));
        });
    }

    /**
     * The offline mock answers by default only while it cannot be mistaken for a real provider:
     * without client keys (a laptop) or without any enabled real provider (a demo, a test run).
     */
    static boolean mockByDefault(AimuxConfig config) {
        return config.auth().keys().isEmpty() || config.providers().entrySet().stream()
                .noneMatch(entry -> realAndEnabled(entry.getKey(), entry.getValue()));
    }

    private static boolean realAndEnabled(String name, AimuxConfig.ProviderConfig settings) {
        if (settings.type().orElse("").equals("mock") || !settings.enabled().orElse(true)) {
            return false;
        }
        return settings.apiKey().filter(k -> !k.isBlank()).isPresent() || !PRESET_KEY_VARIABLES.containsKey(name);
    }

    /** Whether an enabled mock provider was switched on explicitly ({@code providers.NAME.enabled: true}). */
    public boolean mockExplicitlyEnabled() {
        return mockExplicit;
    }

    /** Enabled providers that call a real upstream (not the mock). */
    public long realEnabled() {
        return providers.values().stream().filter(p -> !(p instanceof MockProvider)).count();
    }

    public Optional<Provider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Whether the name is configured at all (enabled or not). */
    public boolean configured(String name) {
        return statuses.containsKey(name);
    }

    public Map<String, Status> statuses() {
        return Collections.unmodifiableMap(statuses);
    }

    public Map<String, Provider> enabled() {
        return Collections.unmodifiableMap(providers);
    }

    public AimuxConfig.ProviderConfig settings(String name) {
        return config.providers().get(name);
    }
}
