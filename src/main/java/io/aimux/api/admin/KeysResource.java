package io.aimux.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.KeyRegistry;
import io.aimux.limits.KeyLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Admin API of the keys: list, create, disable and enable, rotate, delete. A secret is shown only
 * in the answer that created it; afterwards a key is known by its id and an 8-hex-digit fingerprint.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private static final Logger LOG = Logger.getLogger(KeysResource.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KeyRegistry keys;
    private final AimuxConfig config;

    public KeysResource(KeyRegistry keys, AimuxConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    public Uni<Response> list() {
        return answer(keys::list, views -> {
            ObjectNode body = JSON.objectNode();
            ArrayNode list = body.putArray("keys");
            views.forEach(view -> list.add(view(view)));
            return Response.ok(body).build();
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return answer(() -> keys.find(KeyRequests.id(id)), view -> Response.ok(view(view)).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(byte[] body) {
        return answer(() -> keys.create(KeyRequests.create(body, config)),
                issued -> Response.status(201).entity(issued(issued)).build());
    }

    @POST
    @Path("/{id}/disable")
    public Uni<Response> disable(@PathParam("id") String id) {
        return answer(() -> keys.setDisabled(KeyRequests.id(id), true), view -> Response.ok(view(view)).build());
    }

    @POST
    @Path("/{id}/enable")
    public Uni<Response> enable(@PathParam("id") String id) {
        return answer(() -> keys.setDisabled(KeyRequests.id(id), false), view -> Response.ok(view(view)).build());
    }

    @POST
    @Path("/{id}/rotate")
    public Uni<Response> rotate(@PathParam("id") String id, byte[] body) {
        return answer(() -> keys.rotate(KeyRequests.id(id), KeyRequests.graceSeconds(body)),
                issued -> Response.ok(issued(issued)).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return answer(() -> keys.delete(KeyRequests.id(id)), done -> Response.noContent().build());
    }

    /**
     * Runs a registry call and maps its outcome: refusals keep their status and message, anything
     * else is a 503 without detail (the store's error text may carry its address).
     */
    private static <T> Uni<Response> answer(Supplier<Future<T>> call, Function<T, Response> ok) {
        Future<T> future;
        try {
            future = call.get();
        } catch (GatewayException e) {
            return Uni.createFrom().item(error(e));
        }
        return Uni.createFrom().completionStage(future.toCompletionStage()).map(ok)
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof GatewayException e) {
                        return error(e);
                    }
                    LOG.warn("a keys admin call failed: the shared records did not answer");
                    return error(new GatewayException(ErrorKind.UNAVAILABLE, "the key store is not available; retry shortly"));
                });
    }

    private static Response error(GatewayException e) {
        ObjectNode body = ErrorBodies.body(WireProtocol.OPENAI, e.kind(), e.getMessage(), e.code());
        if (e instanceof KeyRequests.Invalid invalid) {
            ((ObjectNode) body.get("error")).put("param", invalid.field());
        }
        return Response.status(e.kind().status()).entity(body).build();
    }

    private static ObjectNode issued(KeyRegistry.Issued issued) {
        return view(issued.key()).put("secret", issued.secret());
    }

    static ObjectNode view(KeyRegistry.KeyView key) {
        ObjectNode out = JSON.objectNode();
        out.put("id", key.id()).put("role", key.admin() ? "admin" : "client");
        ArrayNode models = out.putArray("models");
        key.models().forEach(models::add);
        KeyLimits l = key.limits();
        out.putObject("limits").put("requests_per_minute", l.requestsPerMinute()).put("tokens_per_minute", l.tokensPerMinute())
                .put("max_concurrent", l.maxConcurrent()).put("daily_tokens", l.dailyTokens())
                .put("monthly_tokens", l.monthlyTokens()).put("daily_cost_usd", l.dailyCostUsd())
                .put("monthly_cost_usd", l.monthlyCostUsd());
        ObjectNode guard = out.putObject("guard");
        key.guard().forEach(guard::put);
        out.put("disabled", key.disabled());
        out.put("source", key.source().name().toLowerCase(java.util.Locale.ROOT));
        out.put("created_at", time(key.createdAt()));
        out.put("rotated_at", time(key.rotatedAt()));
        out.put("fingerprint", key.fingerprint());
        out.put("previous_secret_valid_until", time(key.previousValidUntil()));
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
