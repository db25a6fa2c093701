package io.aimux.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/dashboard}: everything the dashboard shows, at once (docs/monitoring.md#dashboard). */
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DashboardSnapshot snapshot;

    public DashboardResource(DashboardSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @GET
    public ObjectNode snapshot() {
        return snapshot.build();
    }
}
