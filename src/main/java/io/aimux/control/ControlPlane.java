package io.aimux.control;

import io.aimux.config.AimuxConfig;
import io.aimux.config.StartupChecks;
import io.aimux.provider.ProviderRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Talks to upstreams on the gateway's own behalf, never on the request path: fetches model lists
 * ({@code models_refresh_seconds}) and runs the optional active health probe
 * ({@code health_probe_seconds}), both on a few background threads. Request handlers only read
 * what was cached.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);
    private static final int MAX_THREADS = 4;

    /** The last probe of one provider. */
    private record Probe(boolean up, Instant checkedAt, long latencyMillis, ControlFailure failure) {}

    /** After {@link StartupChecks}, so an invalid configuration is reported as such first. */
    static final int AFTER_STARTUP_CHECKS = Interceptor.Priority.APPLICATION + 600;

    private final ProviderRegistry providers;
    private final AimuxConfig config;
    private final StartupChecks checks;
    private final UpstreamModelCache models = new UpstreamModelCache();
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final Map<String, ModelsEndpoint> endpoints = new LinkedHashMap<>();
    private ScheduledExecutorService scheduler;

    public ControlPlane(ProviderRegistry providers, AimuxConfig config, StartupChecks checks) {
        this.providers = providers;
        this.config = config;
        this.checks = checks;
    }

    void onStart(@Observes @Priority(AFTER_STARTUP_CHECKS) StartupEvent event) {
        if (!checks.passed()) {
            return;
        }
        AimuxConfig.Limits limits = config.limits();
        List<Runnable> starts = new ArrayList<>();
        for (String name : providers.enabled().keySet()) {
            AimuxConfig.ProviderConfig settings = providers.settings(name);
            String type = settings.type().orElse("");
            int refresh = settings.modelsRefreshSeconds();
            int probe = settings.healthProbeSeconds();
            if (!(type.equals("openai") || type.equals("openai-responses") || type.equals("anthropic")) || (refresh <= 0 && probe <= 0)) {
                continue;
            }
            ModelsEndpoint endpoint;
            try {
                endpoint = ModelsEndpoint.of(type.equals("anthropic"), settings.baseUrl().orElseThrow(),
                        settings.apiKey().orElse(null), settings.groupId().orElse(null), settings.headers(),
                        limits.connectTimeoutSeconds(), limits.controlTimeoutSeconds());
            } catch (RuntimeException e) {
                // chat traffic may still work; only the model list and probe of this provider are lost
                LOG.warnf("provider %s: no model list or health probe (%s)", name, e.getClass().getSimpleName());
                continue;
            }
            endpoints.put(name, endpoint);
            if (probe > 0) {
                starts.add(() -> scheduler.scheduleWithFixedDelay(() -> probe(name), 0, probe, TimeUnit.SECONDS));
            }
            if (refresh > 0) {
                // a successful probe refreshes the list too, so with the probe on the first refresh can wait
                long first = probe > 0 ? refresh : 0;
                starts.add(() -> scheduler.scheduleWithFixedDelay(() -> refresh(name), first, refresh, TimeUnit.SECONDS));
            }
        }
        if (starts.isEmpty()) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, endpoints.size()), task -> {
            Thread thread = new Thread(task, "aimux-control-plane");
            thread.setDaemon(true);
            return thread;
        });
        starts.forEach(Runnable::run);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        endpoints.values().forEach(endpoint -> {
            try {
                endpoint.close();
            } catch (Exception e) {
                LOG.debugf("closing a control-plane client failed: %s", e.getClass().getSimpleName());
            }
        });
    }

    private void refresh(String provider) {
        models.refresh(provider, endpoints.get(provider)); // never throws, so the schedule keeps running
    }

    private void probe(String provider) {
        UpstreamModelCache.Fetch fetch = models.refresh(provider, endpoints.get(provider));
        probes.put(provider, new Probe(fetch.succeeded(), Instant.now(), fetch.latencyMillis(), fetch.failure()));
    }

    /** Model ids the upstream listed at its last successful fetch; empty before one. */
    public List<String> upstreamModels(String provider) {
        return models.models(provider);
    }

    /** The provider's health as the active probe last saw it. */
    public ProviderHealth health(String provider) {
        Integer count = models.count(provider).orElse(null);
        Probe probe = probes.get(provider);
        if (probe == null) {
            return ProviderHealth.unknown(count);
        }
        return new ProviderHealth(probe.up() ? ProviderHealth.UP : ProviderHealth.DOWN, probe.checkedAt().toString(),
                probe.latencyMillis(), count, probe.failure() == null ? null : probe.failure().label());
    }

    /** Health of every configured provider, by name. */
    public Map<String, ProviderHealth> health() {
        Map<String, ProviderHealth> all = new LinkedHashMap<>();
        providers.statuses().keySet().forEach(name -> all.put(name, health(name)));
        return Collections.unmodifiableMap(all);
    }
}
