package io.aimux.api.responses;

import io.aimux.config.AimuxConfig;
import io.aimux.state.InMemoryResponseStore;
import io.aimux.state.ResponseStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The store of Responses answers: in this replica's memory until a shared store is configured. */
public class ResponseStores {

    @Produces
    @ApplicationScoped
    ResponseStore store(AimuxConfig config) {
        return new InMemoryResponseStore(config.responses().maxStored(), config.responses().ttlSeconds(),
                System::currentTimeMillis);
    }
}
