package io.aimux.requestlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.RequestIds;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.List;

/**
 * The request log of this replica: search, one request by id, export. Admin only (the access
 * guard covers /api). Filters: {@code id}, {@code key}, {@code model}, {@code outcome}, {@code q};
 * {@code limit} (default 100, at most the log's capacity).
 */
@Path("/api/requests")
@Produces(MediaType.APPLICATION_JSON)
public class RequestLogResource {

    static final int DEFAULT_LIMIT = 100;

    private final RequestLog log;
    private final ObjectMapper mapper;

    public RequestLogResource(RequestLog log, ObjectMapper mapper) {
        this.log = log;
        this.mapper = mapper;
    }

    @GET
    public Response search(@QueryParam("id") String id, @QueryParam("key") String key, @QueryParam("model") String model,
            @QueryParam("outcome") String outcome, @QueryParam("q") String q, @QueryParam("limit") String limit,
            RoutingContext ctx) {
        int max;
        try {
            max = limit(limit, DEFAULT_LIMIT);
        } catch (IllegalArgumentException e) {
            return error(ctx, ErrorKind.INVALID_REQUEST, e.getMessage());
        }
        ObjectNode out = mapper.createObjectNode();
        ArrayNode requests = out.putArray("requests");
        log.find(new RequestFilter(id, key, model, outcome, q), max).forEach(entry -> requests.add(entry.toJson()));
        out.put("size", log.size());
        out.put("capacity", log.capacity());
        return Response.ok(out).build();
    }

    @GET
    @Path("/export")
    @Blocking
    public Response export(@QueryParam("id") String id, @QueryParam("key") String key, @QueryParam("model") String model,
            @QueryParam("outcome") String outcome, @QueryParam("q") String q, @QueryParam("limit") String limit,
            RoutingContext ctx) {
        int max;
        try {
            max = limit(limit, log.capacity());
        } catch (IllegalArgumentException e) {
            return error(ctx, ErrorKind.INVALID_REQUEST, e.getMessage());
        }
        List<RequestLogEntry> entries = log.find(new RequestFilter(id, key, model, outcome, q), max);
        // written entry by entry: with bodies kept, the whole export may be large
        StreamingOutput body = output -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(output)) {
                json.writeStartArray();
                for (RequestLogEntry entry : entries) {
                    mapper.writeTree(json, entry.toJson());
                }
                json.writeEndArray();
            }
        };
        return Response.ok(body).header("content-disposition", "attachment; filename=\"aimux-requests.json\"").build();
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("id") String id, RoutingContext ctx) {
        RequestLogEntry entry = log.get(id);
        if (entry == null) {
            return error(ctx, ErrorKind.NOT_FOUND, "no request with this id in the request log of this replica");
        }
        return Response.ok(entry.toJson()).build();
    }

    /** {@code limit}: absent → {@code fallback}; above the capacity → the capacity; not a positive number → refused. */
    private int limit(String value, int fallback) {
        int cap = Math.max(1, log.capacity());
        if (value == null || value.isBlank()) {
            return Math.min(fallback <= 0 ? cap : fallback, cap);
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return Math.min(n, cap);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("limit must be a whole number of at least 1");
    }

    private static Response error(RoutingContext ctx, ErrorKind kind, String message) {
        ObjectNode body = ErrorBodies.body(WireProtocol.OPENAI, kind, message, null);
        String requestId = RequestIds.of(ctx);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return Response.status(kind.status()).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
