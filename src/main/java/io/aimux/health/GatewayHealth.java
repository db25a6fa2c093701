package io.aimux.health;

import io.aimux.config.AimuxConfig;
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
     * Ready when the configuration is valid and a provider can answer: an enabled real provider,
     * or the mock only where it is meant to be all there is (no client keys configured: a laptop;
     * or the operator switched it on explicitly). With client keys and no real provider the mock
     * still answers, but the replica is not ready: a deployment whose provider keys are missing
     * must not look healthy. The active probes' last results are shown as data
     * ({@code health.NAME}, only without client keys: probes answer anyone) but never decide readiness: a vendor outage must not take every
     * replica out of the load balancer.
     */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final StartupChecks checks;
        private final ProviderRegistry providers;
        private final ControlPlane controlPlane;
        private final boolean keys;

        public Ready(StartupChecks checks, ProviderRegistry providers, ControlPlane controlPlane, AimuxConfig config) {
            this.checks = checks;
            this.providers = providers;
            this.controlPlane = controlPlane;
            this.keys = !config.auth().keys().isEmpty();
        }

        @Override
        public HealthCheckResponse call() {
            int enabled = providers.enabled().size();
            long real = providers.realEnabled();
            boolean mockCounts = enabled > real && (!keys || providers.mockExplicitlyEnabled());
            HealthCheckResponseBuilder response = HealthCheckResponse.named("providers")
                    .status(checks.passed() && (real > 0 || mockCounts))
                    .withData("enabled", enabled)
                    .withData("real", real)
                    .withData("configured", providers.statuses().size());
            if (!keys) { // probes answer anyone; with keys, provider names are for GET /api/providers (admin)
                providers.enabled().keySet().forEach(name -> response.withData("health." + name, controlPlane.health(name).status()));
            }
            return response.build();
        }
    }
}
