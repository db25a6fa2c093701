package io.aimux.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.RequestBodies;
import io.aimux.error.GatewayException;
import io.aimux.prettify.Dialects;
import io.aimux.prettify.PrettifierConfigUpdate;
import io.aimux.prettify.PrettifierMetrics;
import io.aimux.prettify.PrettifierSettings;
import io.aimux.prettify.PrettifierStateStore;
import io.aimux.provider.ProviderRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Admin API of the prettifier: status, live settings, and a formatter for pasted answers. */
@Path("/api/prettifier")
@Produces(MediaType.APPLICATION_JSON)
public class PrettifierResource {

    public static final String VERSION = "1.0.0";

    private final PrettifierSettings settings;
    private final PrettifierStateStore store;
    private final PrettifierMetrics metrics;
    private final ProviderRegistry providers;
    private final PrettifierFormatter formatter;

    public PrettifierResource(PrettifierSettings settings, PrettifierStateStore store, PrettifierMetrics metrics,
            ProviderRegistry providers, PrettifierFormatter formatter) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.providers = providers;
        this.formatter = formatter;
    }

    @GET
    @Path("/status")
    public Map<String, Object> status() {
        PrettifierSettings.Snapshot s = settings.snapshot();
        Map<String, Object> preferences = new java.util.TreeMap<>();
        Map<String, Object> perProvider = new java.util.TreeMap<>();
        providers.statuses().forEach((name, status) -> {
            List<String> preferred = s.providerFormats().get(name);
            preferences.put(name, Map.of(
                    "default", preferred == null || preferred.isEmpty() ? Dialects.ids() : preferred,
                    "available", Dialects.ids()));
            perProvider.put(name, Map.of(
                    "enabled", settings.enabled(name),
                    "output_format", settings.outputFormat(name),
                    "provider_enabled", status.enabled()));
        });
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("enabled", s.enabled());
        out.put("version", VERSION);
        out.put("output_format", s.outputFormat());
        out.put("supported_providers", List.copyOf(providers.statuses().keySet()));
        out.put("format_preferences", preferences);
        out.put("providers", perProvider);
        out.put("streaming", Map.of("max_hold_back_chars", s.maxHoldBackChars()));
        out.put("performance", metrics.summary());
        return out;
    }

    @POST
    @Path("/config")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response config(byte[] body) {
        JsonNode parsed;
        try {
            parsed = RequestBodies.parseObject(body);
        } catch (GatewayException e) {
            return invalid("(body)", e.getMessage());
        }
        try {
            PrettifierSettings.Snapshot next = store.update(parsed, providers.statuses().keySet());
            return Response.ok(Map.of("success", true, "config", PrettifierConfigUpdate.toJson(next))).build();
        } catch (PrettifierConfigUpdate.InvalidField e) {
            return invalid(e.field(), e.getMessage());
        } catch (IOException e) {
            return Response.status(500).entity(Map.of("success", false, "error", "settings could not be saved")).build();
        }
    }

    @POST
    @Path("/format")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response format(byte[] body) {
        try {
            ObjectNode result = formatter.format(RequestBodies.parseObject(body));
            return Response.ok(result).build();
        } catch (GatewayException e) {
            return Response.status(400).entity(Map.of("success", false, "error", e.getMessage())).build();
        }
    }

    private static Response invalid(String field, String reason) {
        return Response.status(400).entity(Map.of("success", false, "error", "Invalid configuration",
                "details", Map.of("invalid_field", field, "reason", reason))).build();
    }
}
