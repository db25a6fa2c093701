package io.aimux.api.admin;

import io.aimux.metrics.GatewayMetrics;
import io.aimux.provider.ProviderRegistry;
import io.aimux.route.ModelRouter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Admin overview: providers (never their keys), aliases, and request totals. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final ProviderRegistry providers;
    private final ModelRouter router;
    private final GatewayMetrics metrics;

    public StatusResource(ProviderRegistry providers, ModelRouter router, GatewayMetrics metrics) {
        this.providers = providers;
        this.router = router;
        this.metrics = metrics;
    }

    @GET
    @Path("/providers")
    public Collection<ProviderRegistry.Status> providers() {
        return providers.statuses().values();
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
