package io.aimux.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.RequestBodies;
import io.aimux.api.chat.ChatService;
import io.aimux.api.chat.FrontDoor;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.Ids;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.Principal;
import io.aimux.metrics.GatewayMetrics;
import io.aimux.provider.Provider;
import io.aimux.state.ResponseStore;
import io.aimux.translate.ResponsesToChat;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The OpenAI Responses API: {@code POST /v1/responses} (JSON and SSE) served through the chat
 * pipeline by converting the request to Chat Completions ({@link ResponsesToChat}) and encoding
 * the answer's events as Responses ({@link ResponsesStreamEncoder}); and the stored responses
 * ({@code GET}/{@code DELETE /v1/responses/{id}}, {@code GET /v1/responses/{id}/input_items}).
 */
@ApplicationScoped
public class ResponsesRoutes {

    private static final Logger LOG = Logger.getLogger(ResponsesRoutes.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Codex's sticky-routing header, echoed back unchanged. */
    static final String TURN_STATE_HEADER = "x-codex-turn-state";
    /** Ids the gateway would have issued; anything else is unknown without being echoed. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int MAX_TURN_STATE = 4096;

    private final ChatService chat;
    private final ResponseStore store;
    private final GatewayMetrics metrics;
    private final long maxBody;

    public ResponsesRoutes(ChatService chat, ResponseStore store, GatewayMetrics metrics, AimuxConfig config) {
        this.chat = chat;
        this.store = store;
        this.metrics = metrics;
        this.maxBody = config.limits().maxRequestBytes();
    }

    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBody).setHandleFileUploads(false);
        router.post("/v1/responses").handler(body).handler(this::create);
        router.route("/v1/responses").handler(ctx -> refuseMethod(ctx, "POST"));
        router.get("/v1/responses/:id").handler(this::retrieve);
        router.delete("/v1/responses/:id").handler(this::delete);
        router.route("/v1/responses/:id").handler(ctx -> refuseMethod(ctx, "GET, DELETE"));
        router.get("/v1/responses/:id/input_items").handler(this::inputItems);
        router.route("/v1/responses/:id/input_items").handler(ctx -> refuseMethod(ctx, "GET"));
    }

    // ---- POST /v1/responses ----

    private void create(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type != null && !type.isBlank() && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            ErrorBodies.write(ctx.response(), WireProtocol.OPENAI,
                    new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "content-type must be application/json"));
            return;
        }
        String encoding = ctx.request().getHeader("content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            ErrorBodies.write(ctx.response(), WireProtocol.OPENAI, new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "compressed request bodies (content-encoding) are not accepted; send plain JSON"));
            return;
        }
        String turnState = ctx.request().getHeader(TURN_STATE_HEADER);
        if (turnState != null && turnState.length() <= MAX_TURN_STATE && turnState.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            ctx.response().putHeader(TURN_STATE_HEADER, turnState);
        }
        chat.handle(ctx, new Door(owner(ctx)));
    }

    /** One Responses request as seen by the chat pipeline. */
    private final class Door implements FrontDoor {
        private final String owner;
        private ResponseShape shape;
        private ArrayNode history = JSON.arrayNode();
        private ArrayNode input = JSON.arrayNode();
        private ObjectNode original;
        private ResponseStore.StoredResponse previous;

        Door(String owner) {
            this.owner = owner;
        }

        @Override
        public String api() {
            return "responses";
        }

        @Override
        public Future<ObjectNode> convert(RoutingContext ctx) {
            ObjectNode request;
            try {
                request = RequestBodies.parseObject(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
                JsonNode previous = request.get("previous_response_id");
                if (previous == null || previous.isNull()) {
                    return Future.succeededFuture(convert(request, null));
                }
            } catch (GatewayException e) {
                return Future.failedFuture(e);
            }
            JsonNode previous = request.get("previous_response_id");
            if (!previous.isTextual()) {
                return Future.failedFuture(GatewayException.invalid("previous_response_id: must be a string"));
            }
            String id = previous.asText();
            return store.get(id).compose(found -> {
                if (found == null || !ownedBy(found, owner)) {
                    return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST,
                            (SAFE_ID.matcher(id).matches() ? "Previous response with id '" + id + "'" : "Previous response")
                                    + " not found.", "previous_response_not_found", null, "previous_response_id"));
                }
                try {
                    return Future.succeededFuture(convert(request, found));
                } catch (GatewayException e) {
                    return Future.failedFuture(e);
                }
            });
        }

        private ObjectNode convert(ObjectNode request, ResponseStore.StoredResponse previous) {
            this.original = request;
            this.previous = previous;
            ArrayNode prior = previous == null ? null : previous.conversation();
            ResponsesToChat.Converted converted = ResponsesToChat.convert(request, prior,
                    field -> metrics.dropped("responses_to_chat", field));
            history = prior == null ? JSON.arrayNode() : prior;
            input = inputItems(request.get("input"));
            boolean store = request.path("store").asBoolean(true); // the OpenAI API stores unless told not to
            boolean encrypted = false;
            JsonNode include = request.get("include");
            if (include != null && include.isArray()) {
                for (JsonNode value : include) {
                    encrypted |= "reasoning.encrypted_content".equals(value.asText());
                }
            }
            shape = new ResponseShape(Ids.random("resp_", 48), System.currentTimeMillis() / 1000,
                    request.path("model").asText(), request, converted.customTools(), converted.namespaces(), encrypted,
                    previous == null ? null : previous.id(), store);
            return converted.chat();
        }

        @Override
        public ChatEventSink streamEncoder(Consumer<String> out) {
            return new ResponsesStreamEncoder(shape, out, this::stored);
        }

        @Override
        public ObjectNode body(ResponseAccumulator answer) {
            return ResponsesStreamEncoder.collect(shape, answer, this::stored);
        }

        @Override
        public void adapt(ObjectNode upstreamBody, Provider provider) {
            if (provider.protocol() != WireProtocol.ANTHROPIC) {
                ResponsesToChat.stripThinkingBlocks(upstreamBody); // only Anthropic-type upstreams read them
            }
        }

        /**
         * The request as it came, for an upstream that speaks Responses itself. A conversation the
         * gateway stored is sent as input items (the upstream does not know the gateway's ids),
         * without the reasoning items the gateway wrote, which only its own translation reads.
         */
        @Override
        public ObjectNode nativeBody(String model) {
            ObjectNode body = original.deepCopy();
            body.put("model", model);
            if (previous != null) {
                ArrayNode items = JSON.arrayNode();
                for (JsonNode item : previous.conversation()) {
                    if (!(item.path("type").asText().equals("reasoning")
                            && item.path("encrypted_content").asText("").startsWith(ResponsesToChat.REASONING_PREFIX))) {
                        items.add(item);
                    }
                }
                items.addAll(input.deepCopy());
                body.set("input", items);
                body.remove("previous_response_id");
            }
            return body;
        }

        @Override
        public ChatEventSink relayFailure(Consumer<String> out, int relayedEvents) {
            return ResponsesStreamEncoder.afterRelay(shape, out, relayedEvents);
        }

        /** Keeps a finished answer when the client asked to store it. */
        private void stored(ObjectNode response) {
            String status = response.path("status").asText();
            if (!shape.store() || !(status.equals("completed") || status.equals("incomplete"))) {
                return;
            }
            store.put(new ResponseStore.StoredResponse(shape.id(), owner, response, history, input, System.currentTimeMillis()))
                    .onFailure(e -> LOG.debugf("response %s was not stored: %s", shape.id(), e.toString()));
        }
    }

    /** This request's input as items with ids, as {@code input_items} lists them. */
    static ArrayNode inputItems(JsonNode input) {
        ArrayNode items = JSON.arrayNode();
        if (input == null) {
            return items;
        }
        if (input.isTextual()) {
            ObjectNode message = items.addObject();
            message.put("id", Ids.random("msg_", 48));
            message.put("type", "message");
            message.put("role", "user");
            message.put("status", "completed");
            message.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
            return items;
        }
        for (JsonNode item : input) {
            ObjectNode copy = ((ObjectNode) item).deepCopy();
            if (!copy.has("type")) {
                copy.put("type", "message");
            }
            if (!copy.path("id").isTextual()) {
                copy.put("id", Ids.random(copy.path("type").asText().equals("message") ? "msg_" : "item_", 48));
            }
            JsonNode content = copy.get("content");
            if (content != null && content.isTextual() && "message".equals(copy.path("type").asText())) {
                String kind = "assistant".equals(copy.path("role").asText()) ? "output_text" : "input_text";
                copy.putArray("content").addObject().put("type", kind).put("text", content.asText());
            }
            items.add(copy);
        }
        return items;
    }

    // ---- stored responses ----

    private void retrieve(RoutingContext ctx) {
        found(ctx, stored -> {
            ObjectNode response = stored.response().deepCopy();
            response.set("output", ResponseShape.withoutEncrypted((ArrayNode) stored.response().get("output")));
            json(ctx, 200, response);
        });
    }

    private void delete(RoutingContext ctx) {
        found(ctx, stored -> store.delete(stored.id()).onComplete(done -> {
            ObjectNode body = JSON.objectNode();
            body.put("id", stored.id());
            body.put("object", "response.deleted");
            body.put("deleted", true);
            json(ctx, 200, body);
        }));
    }

    /** The input the response was generated from (stored history, then the request's input), a page at a time. */
    private void inputItems(RoutingContext ctx) {
        int limit;
        try {
            String raw = ctx.request().getParam("limit");
            limit = raw == null ? 20 : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            ErrorBodies.write(ctx.response(), WireProtocol.OPENAI, new GatewayException(ErrorKind.INVALID_REQUEST,
                    "limit: must be an integer from 1 to 100", null, null, "limit"));
            return;
        }
        String order = ctx.request().getParam("order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            ErrorBodies.write(ctx.response(), WireProtocol.OPENAI, new GatewayException(ErrorKind.INVALID_REQUEST,
                    "order: must be asc or desc", null, null, "order"));
            return;
        }
        String after = ctx.request().getParam("after");
        int pageSize = limit;
        found(ctx, stored -> {
            ArrayNode all = stored.history().deepCopy();
            all.addAll(stored.input().deepCopy());
            java.util.List<JsonNode> items = new java.util.ArrayList<>();
            all.forEach(items::add);
            if (order.equals("desc")) {
                java.util.Collections.reverse(items);
            }
            int from = 0;
            if (after != null) {
                for (int i = 0; i < items.size(); i++) {
                    if (after.equals(items.get(i).path("id").asText())) {
                        from = i + 1;
                        break;
                    }
                }
            }
            ObjectNode page = JSON.objectNode();
            page.put("object", "list");
            ArrayNode data = page.putArray("data");
            for (int i = from; i < items.size() && data.size() < pageSize; i++) {
                data.add(items.get(i));
            }
            JsonNode first = data.isEmpty() ? null : data.get(0).get("id");
            JsonNode last = data.isEmpty() ? null : data.get(data.size() - 1).get("id");
            page.set("first_id", first == null ? JSON.nullNode() : first);
            page.set("last_id", last == null ? JSON.nullNode() : last);
            page.put("has_more", from + data.size() < items.size());
            json(ctx, 200, page);
        });
    }

    /** Runs {@code then} with the stored response named in the path, or answers 404. */
    private void found(RoutingContext ctx, Consumer<ResponseStore.StoredResponse> then) {
        String id = ctx.pathParam("id");
        String owner = owner(ctx);
        store.get(id).onComplete(result -> {
            ResponseStore.StoredResponse stored = result.succeeded() ? result.result() : null;
            if (stored == null || !ownedBy(stored, owner)) {
                // OpenAI's shape for an unknown response: 404, typed as an invalid request
                ObjectNode body = ErrorBodies.body(ctx.response(), WireProtocol.OPENAI, ErrorKind.INVALID_REQUEST,
                        (id != null && SAFE_ID.matcher(id).matches() ? "Response with id '" + id + "'" : "Response")
                                + " not found.", null);
                ((ObjectNode) body.get("error")).putNull("param");
                json(ctx, 404, body);
                return;
            }
            then.accept(stored);
        });
    }

    /** The client key that makes the request, or null when the gateway runs without keys. */
    private static String owner(RoutingContext ctx) {
        Object principal = ctx.get(Principal.CONTEXT_KEY);
        return principal instanceof Principal p && p != Principal.ANONYMOUS ? p.keyId() : null;
    }

    private static boolean ownedBy(ResponseStore.StoredResponse stored, String owner) {
        return java.util.Objects.equals(stored.owner(), owner);
    }

    private static void json(RoutingContext ctx, int status, ObjectNode body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
        }
    }

    private static void refuseMethod(RoutingContext ctx, String allowed) {
        ctx.response().setStatusCode(405).putHeader("allow", allowed).putHeader("content-type", "application/json")
                .end(ErrorBodies.body(ctx.response(), WireProtocol.OPENAI, ErrorKind.METHOD_NOT_ALLOWED,
                        "use " + allowed + " on this path", null).toString());
    }
}
