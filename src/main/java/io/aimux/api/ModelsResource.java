package io.aimux.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.control.ControlPlane;
import io.aimux.guard.ModelAccess;
import io.aimux.provider.ProviderRegistry;
import io.aimux.route.ModelRouter;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models}: aliases and the models of enabled providers (configured ones first, then
 * those the upstream listed at the control plane's last fetch), in OpenAI's list shape, or
 * Anthropic's when the client sends {@code anthropic-version}; a key limited to some models sees
 * only those. Under the {@code /anthropic} base path (what Claude Code is given as
 * {@code ANTHROPIC_BASE_URL=.../anthropic}) it is always Anthropic's.
 */
@Path("/")
public class ModelsResource {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long CREATED = 1_735_689_600L; // fixed: the list is configuration, not history

    private final ProviderRegistry providers;
    private final ModelRouter router;
    private final ControlPlane controlPlane;

    public ModelsResource(ProviderRegistry providers, ModelRouter router, ControlPlane controlPlane) {
        this.providers = providers;
        this.router = router;
        this.controlPlane = controlPlane;
    }

    @GET
    @Path("anthropic/v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode listAnthropic(RoutingContext ctx) {
        return list("2023-06-01", ctx);
    }

    @GET
    @Path("v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode list(@HeaderParam("anthropic-version") String anthropicVersion, RoutingContext ctx) {
        Map<String, String> owners = new LinkedHashMap<>(); // id to owner, each id once
        router.names().forEach(alias -> owners.putIfAbsent(alias, "aimux"));
        providers.statuses().values().stream().filter(ProviderRegistry.Status::enabled).forEach(status -> {
            status.models().forEach(m -> owners.putIfAbsent(status.name() + "/" + m, status.name()));
            controlPlane.upstreamModels(status.name()).forEach(m -> owners.putIfAbsent(status.name() + "/" + m, status.name()));
        });
        // only what the caller's key may call
        List<String[]> models = owners.entrySet().stream().filter(e -> ModelAccess.allows(ctx, e.getKey()))
                .map(e -> new String[] {e.getKey(), e.getValue()}).toList();
        ObjectNode body = JSON.objectNode();
        ArrayNode data = body.putArray("data");
        if (anthropicVersion != null) {
            for (String[] model : models) {
                data.addObject().put("type", "model").put("id", model[0]).put("display_name", model[0])
                        .put("created_at", "2025-01-01T00:00:00Z");
            }
            body.put("has_more", false);
            if (models.isEmpty()) {
                body.putNull("first_id");
                body.putNull("last_id");
            } else {
                body.put("first_id", models.get(0)[0]);
                body.put("last_id", models.get(models.size() - 1)[0]);
            }
        } else {
            body.put("object", "list");
            for (String[] model : models) {
                data.addObject().put("id", model[0]).put("object", "model").put("created", CREATED).put("owned_by", model[1]);
            }
        }
        return body;
    }
}
