package io.aimux.health;

import io.aimux.config.StartupChecks;
import io.aimux.control.ControlPlane;
import io.aimux.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** Probes. None of them calls an upstream: readiness must never cost money or depend on a vendor. */
public final class GatewayHealth {

    private GatewayHealth() {
    }

    /** Live while the process can answer at all. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("aimux");
        }
    }

    /** Started once the configuration passed its checks. */
    @Startup
    @ApplicationScoped
    public static class Started implements HealthCheck {
        private final StartupChecks checks;

        public Started(StartupChecks checks) {
            this.checks = checks;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("configuration").status(checks.passed()).build();
        }
    }

    /**
     * Ready when the configuration is valid and at least one provider is usable. The active probes'
     * last results are shown as data ({@code health.NAME}) but never decide readiness: a vendor
     * outage must not take every replica out of the load balancer.
     */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final StartupChecks checks;
        private final ProviderRegistry providers;
        private final ControlPlane controlPlane;

        public Ready(StartupChecks checks, ProviderRegistry providers, ControlPlane controlPlane) {
            this.checks = checks;
            this.providers = providers;
            this.controlPlane = controlPlane;
        }

        @Override
        public HealthCheckResponse call() {
            int enabled = providers.enabled().size();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("providers")
                    .status(checks.passed() && enabled > 0)
                    .withData("enabled", enabled)
                    .withData("configured", providers.statuses().size());
            providers.enabled().keySet().forEach(name -> response.withData("health." + name, controlPlane.health(name).status()));
            return response.build();
        }
    }
}
