package io.aimux.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.nio.file.Path;

/** The shared records of this replica: files under {@code <data_dir>/records}, so they survive restarts. */
@ApplicationScoped
public class RecordsProducer {

    @Produces
    @ApplicationScoped
    SharedRecords records(AimuxConfig config, Vertx vertx, ObjectMapper mapper) {
        return new FileRecords(vertx, Path.of(config.dataDir()).resolve("records"), mapper);
    }
}
