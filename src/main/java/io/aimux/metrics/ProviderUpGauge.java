package io.aimux.metrics;

import io.aimux.control.ControlPlane;
import io.aimux.control.ProviderHealth;
import io.aimux.provider.ProviderRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * {@code aimux_provider_up{provider}}: 1 when the last active probe succeeded, 0 when it failed,
 * NaN while unknown (probe off or not run yet). One series per configured provider, nothing else.
 */
@ApplicationScoped
public class ProviderUpGauge {

    private final MeterRegistry registry;
    private final ProviderRegistry providers;
    private final ControlPlane controlPlane;

    public ProviderUpGauge(MeterRegistry registry, ProviderRegistry providers, ControlPlane controlPlane) {
        this.registry = registry;
        this.providers = providers;
        this.controlPlane = controlPlane;
    }

    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) { // after StartupChecks
        for (String name : providers.statuses().keySet()) {
            Gauge.builder("aimux_provider_up", controlPlane, plane -> value(plane.health(name)))
                    .description("Whether the provider's last active health probe succeeded (NaN: not probed)")
                    .tag("provider", name)
                    .register(registry);
        }
    }

    static double value(ProviderHealth health) {
        return switch (health.status()) {
            case ProviderHealth.UP -> 1;
            case ProviderHealth.DOWN -> 0;
            default -> Double.NaN;
        };
    }
}
