package io.aimux.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aimux.metrics.BuildInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/version}: what is running, to verify a deployment or a rollback (docs/rollback.md). */
@Path("/api/version")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private final BuildInfo build;

    public VersionResource(BuildInfo build) {
        this.build = build;
    }

    @RegisterForReflection
    public record Version(String version, String commit, @JsonProperty("build_time") String buildTime) {}

    @GET
    public Version version() {
        return new Version(build.version(), build.commit(), build.buildTime());
    }
}
