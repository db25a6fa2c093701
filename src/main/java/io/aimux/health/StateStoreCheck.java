package io.aimux.health;

import io.aimux.state.StoreStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the state store. With {@code state.on_unavailable=closed} a replica whose Redis
 * does not answer refuses limited requests, so it leaves the load balancer (DOWN); with
 * {@code open} it serves them without limits, so it stays UP and says {@code degraded}.
 */
@Readiness
@ApplicationScoped
public class StateStoreCheck implements HealthCheck {

    private final StoreStatus status;

    public StateStoreCheck(StoreStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = status.up();
        return HealthCheckResponse.named("state-store")
                .status(up || !status.failClosed())
                .withData("store", status.store())
                .withData("reachable", up)
                .withData("degraded", !up)
                .build();
    }
}
