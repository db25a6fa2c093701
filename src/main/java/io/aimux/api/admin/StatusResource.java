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

    public StatusResource(ProviderRegistry providers, ModelRouter router, GatewayMetrics metrics, ControlPlane controlPlane) {
        this.providers = providers;
        this.router = router;
        this.metrics = metrics;
        this.controlPlane = controlPlane;
    }

    /** One provider as the admin API shows it: configuration facts and the last probe, never the key. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProviderView(String name, String type, boolean enabled, String reason, List<String> models,
            ProviderHealth health) {}

    @GET
    @Path("/providers")
    public List<ProviderView> providers() {
        return providers.statuses().values().stream()
                .map(status -> new ProviderView(status.name(), status.type(), status.enabled(), status.reason(),
                        status.models(), controlPlane.health(status.name())))
                .toList();
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
