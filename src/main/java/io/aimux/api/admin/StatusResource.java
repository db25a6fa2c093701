package io.aimux.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aimux.control.ControlPlane;
import io.aimux.control.ProviderHealth;
import io.aimux.metrics.GatewayMetrics;
import io.aimux.provider.ProviderRegistry;
import io.aimux.route.ModelRouter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin overview: providers (never their keys), aliases, and request totals. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final ProviderRegistry providers;
    private final ModelRouter router;
    private final GatewayMetrics metrics;
    private final ControlPlane controlPlane;

    private final io.aimux.provider.UpstreamGuards guards;

    public StatusResource(ProviderRegistry providers, ModelRouter router, GatewayMetrics metrics, ControlPlane controlPlane,
            io.aimux.provider.UpstreamGuards guards) {
        this.guards = guards;
        this.providers = providers;
        this.router = router;
        this.metrics = metrics;
        this.controlPlane = controlPlane;
    }

    /** One provider as the admin API shows it: configuration facts and the last probe, never the key. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    /**
     * @param breakers circuit breaker state per guarded target ({@code model} → closed, open, half_open):
     *                 the passive health that real requests build up
     */
    public record ProviderView(String name, String type, boolean enabled, String reason, List<String> models,
            ProviderHealth health, Map<String, String> breakers, Map<String, Double> passive) {}

    @GET
    @Path("/providers")
    public List<ProviderView> providers() {
        return providers.statuses().values().stream()
                .map(status -> new ProviderView(status.name(), status.type(), status.enabled(), status.reason(),
                        status.models(), controlPlane.health(status.name()), breakers(status.name()), passive(status.name())))
                .toList();
    }

    /** Weighted error rate and upstream latency of real requests; empty before the first. */
    private Map<String, Double> passive(String provider) {
        var stats = metrics.passiveHealth().all().get(provider);
        if (stats == null || Double.isNaN(stats.errorRate())) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("error_rate", Math.round(stats.errorRate() * 1000) / 1000.0);
        if (!Double.isNaN(stats.latencySeconds())) {
            out.put("latency_ms", Math.round(stats.latencySeconds() * 10000) / 10.0);
        }
        return out;
    }

    private Map<String, String> breakers(String provider) {
        return breakers(guards, provider);
    }

    /** Circuit breaker states of one provider's targets by model ({@code *} for the provider as a whole). */
    static Map<String, String> breakers(io.aimux.provider.UpstreamGuards guards, String provider) {
        Map<String, String> out = new java.util.TreeMap<>();
        guards.breakerStates().forEach((key, state) -> {
            if (key.equals(provider) || key.startsWith(provider + "/")) {
                out.put(key.equals(provider) ? "*" : key.substring(provider.length() + 1), state.name().toLowerCase());
            }
        });
        return out;
    }

    /** The usage ledger: totals by state and target, and the latest requests (names and numbers only). */
    @GET
    @Path("/usage")
    public Map<String, Object> usage() {
        return metrics.usageSummary();
    }

    @GET
    @Path("/status")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", PrettifierResource.VERSION);
        out.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        out.put("requests", metrics.requestCount());
        out.put("providers_enabled", providers.enabled().size());
        out.put("providers_configured", providers.statuses().size());
        out.put("aliases", router.aliases());
        return out;
    }
}
