package io.aimux.conformance;

import io.aimux.testing.CorpusJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted upstream on 127.0.0.1 that speaks OpenAI at {@code /oai/v1/chat/completions} and
 * Anthropic at {@code /ant/v1/messages}.
 *
 * <p>It is driven over HTTP so that the test does not depend on sharing classes with the test
 * resource (the two may live in different class loaders):
 *
 * <ul>
 *   <li>{@code POST /_control/cases} with a response case: registers it under its id. A request
 *       whose forwarded {@code model} equals a registered id is answered with that case's
 *       {@code upstream} (JSON body or SSE replay).
 *   <li>{@code POST /_control/reset}: forgets the recorded requests.
 *   <li>{@code GET /_control/log}: every request received since the last reset, in order, as
 *       {@code [{"path", "body"}]}.
 * </ul>
 *
 * Requests naming no registered case get a minimal valid reply in the protocol of the path,
 * streamed when the forwarded body asks for it. Any other path answers 404 (and is recorded).
 */
final class FakeUpstream {

    static final String OPENAI_PATH = "/oai/v1/chat/completions";
    static final String ANTHROPIC_PATH = "/ant/v1/messages";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-upstream");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, JsonNode> cases = new ConcurrentHashMap<>();
    private final List<ObjectNode> log = new ArrayList<>();

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/_control/")) {
                control(exchange, method, path, body);
                return;
            }
            synchronized (log) {
                ObjectNode entry = CorpusJson.MAPPER.createObjectNode();
                entry.put("method", method);
                entry.put("path", path);
                entry.put("body", body);
                log.add(entry);
            }
            if (!"POST".equals(method) || !(path.equals(OPENAI_PATH) || path.equals(ANTHROPIC_PATH))) {
                sendJson(exchange, 404, "{\"error\":{\"type\":\"not_found\",\"message\":\"no such mock endpoint\"}}");
                return;
            }
            String protocol = path.equals(OPENAI_PATH) ? "openai" : "anthropic";
            JsonNode request = CorpusJson.parseOrNull(body);
            if (request == null || !request.isObject()) {
                sendJson(exchange, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"body is not a JSON object\"}}");
                return;
            }
            String model = request.path("model").asText("");
            JsonNode testCase = cases.get(model);
            if (testCase != null) {
                if (!protocol.equals(testCase.path("upstream_protocol").asText())) {
                    sendJson(exchange, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"case "
                            + model + " is not served by the " + protocol + " endpoint\"}}");
                    return;
                }
                replay(exchange, testCase);
            } else {
                minimal(exchange, protocol, model, request.path("stream").asBoolean(false));
            }
        }
    }

    private void control(HttpExchange exchange, String method, String path, String body) throws IOException {
        switch (method + " " + path) {
            case "POST /_control/cases" -> {
                JsonNode testCase = CorpusJson.parseOrNull(body);
                cases.put(testCase.path("id").asText(), testCase);
                sendJson(exchange, 200, "{}");
            }
            case "POST /_control/reset" -> {
                synchronized (log) {
                    log.clear();
                }
                sendJson(exchange, 200, "{}");
            }
            case "GET /_control/log" -> {
                ArrayNode entries = CorpusJson.MAPPER.createArrayNode();
                synchronized (log) {
                    entries.addAll(log);
                }
                sendJson(exchange, 200, entries.toString());
            }
            default -> sendJson(exchange, 404, "{}");
        }
    }

    private static void replay(HttpExchange exchange, JsonNode testCase) throws IOException {
        JsonNode upstream = testCase.path("upstream");
        if (!testCase.path("stream").asBoolean(false)) {
            sendJson(exchange, 200, upstream.path("body").toString());
            return;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : upstream.path("sse")) {
            items.add(item.asText());
        }
        sendSse(exchange, items);
    }

    private static void minimal(HttpExchange exchange, String protocol, String model, boolean stream)
            throws IOException {
        String quotedModel = CorpusJson.MAPPER.getNodeFactory().textNode(model).toString();
        if (protocol.equals("openai")) {
            if (!stream) {
                sendJson(exchange, 200, "{\"id\":\"chatcmpl-fake1\",\"object\":\"chat.completion\",\"created\":1763130000,"
                        + "\"model\":" + quotedModel + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}");
                return;
            }
            String head = "data: {\"id\":\"chatcmpl-fake1\",\"object\":\"chat.completion.chunk\",\"created\":1763130000,"
                    + "\"model\":" + quotedModel + ",";
            sendSse(exchange, List.of(
                    head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}",
                    head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                    head + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}",
                    "data: [DONE]"));
            return;
        }
        if (!stream) {
            sendJson(exchange, 200, "{\"id\":\"msg_fake1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + quotedModel
                    + ",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}");
            return;
        }
        sendSse(exchange, List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":" + quotedModel + ",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":1}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}"));
    }

    private static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendSse(HttpExchange exchange, List<String> items) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String item : items) {
                out.write((item + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }
}
