package io.aimux.hygiene;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimux.testing.LoopbackServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback upstream that puts everything it was sent into its errors, as careless real APIs do:
 * the key the gateway authenticated with and the whole request (the client's prompt). It plays an
 * OpenAI-type host ({@code /v1/chat/completions}, provider {@code cano}) and an Anthropic-type one
 * ({@code /v1/messages}, provider {@code cana}) and answers by upstream model name: {@code ok}, {@code
 * status-400}, {@code status-401}, {@code status-500}, {@code html-502} (an HTML page with the key),
 * {@code event-error} (an error event first; not streamed: a 200 carrying an error body) and
 * {@code late-error} (text, then an error event). Each error message starts with padding so that
 * the key straddles the point where the gateway shortens upstream messages.
 */
public class CanaryUpstream implements QuarkusTestResourceLifecycleManager {

    /** Keys the upstream saw, so the test knows the canaries really travelled. */
    public static final List<String> KEYS_SEEN = new CopyOnWriteArrayList<>();
    static final List<String> SCENARIOS = List.of("ok", "status-400", "status-401", "status-500", "html-502",
            "event-error", "late-error");

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = LoopbackServers.start(this::handle);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("aimux.providers.cano.type", "openai"),
                Map.entry("aimux.providers.cano.base-url", base + "/v1"),
                Map.entry("aimux.providers.cano.api-key", Canaries.OPENAI_PROVIDER_KEY.value()),
                Map.entry("aimux.providers.cano.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.cano.prettifier-enabled", "false"),
                Map.entry("aimux.providers.cano.resilience.max-retries", "0"),
                Map.entry("aimux.providers.cano.resilience.breaker-request-volume", "100000"),
                Map.entry("aimux.providers.cana.type", "anthropic"),
                Map.entry("aimux.providers.cana.base-url", base),
                Map.entry("aimux.providers.cana.api-key", Canaries.ANTHROPIC_PROVIDER_KEY.value()),
                Map.entry("aimux.providers.cana.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.cana.prettifier-enabled", "false"),
                Map.entry("aimux.providers.cana.resilience.max-retries", "0"),
                Map.entry("aimux.providers.cana.resilience.breaker-request-volume", "100000"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean openAi = exchange.getRequestURI().getPath().endsWith("/chat/completions");
        String authorization = exchange.getRequestHeaders().getFirst("authorization");
        String key = openAi ? (authorization == null ? "" : authorization.replaceFirst("^Bearer ", ""))
                : String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key"));
        KEYS_SEEN.add(key);
        boolean stream = request.contains("\"stream\":true");
        String scenario = "ok";
        for (String s : SCENARIOS) {
            if (request.contains("\"model\":\"" + s + "\"")) {
                scenario = s;
            }
        }
        String message = straddle(key) + " for request " + request;
        String error = openAi
                ? "{\"error\":{\"type\":\"invalid_request_error\",\"message\":" + quote(message) + ",\"param\":" + quote(key) + "}}"
                : "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":" + quote(message) + "},\"key\":" + quote(key) + "}";
        switch (scenario) {
            case "status-400" -> LoopbackServers.send(exchange, 400, "application/json", error);
            case "status-401" -> LoopbackServers.send(exchange, 401, "application/json", error);
            case "status-500" -> LoopbackServers.send(exchange, 500, "application/json", error);
            case "html-502" -> LoopbackServers.send(exchange, 502, "text/html", "<html>bad gateway, key " + key + "</html>");
            case "event-error" -> LoopbackServers.send(exchange, 200, stream ? "text/event-stream" : "application/json",
                    stream ? sse(openAi, error, openAi ? null : "error") : error);
            case "late-error" -> LoopbackServers.send(exchange, 200, stream ? "text/event-stream" : "application/json",
                    stream ? text(openAi, "partial answer") + sse(openAi, error, openAi ? null : "error") : error);
            default -> LoopbackServers.send(exchange, 200, stream ? "text/event-stream" : "application/json",
                    stream ? text(openAi, "fine") + end(openAi) : body(openAi));
        }
    }

    /**
     * Padding that puts the key across character 300, where upstream messages are cut, so that a
     * cut made before masking would show half of the key's random part.
     */
    private static String straddle(String key) {
        String said = "Incorrect API key provided: ";
        int keyStart = 300 - (key.length() - Canaries.TOKEN_LENGTH) - Canaries.TOKEN_LENGTH / 2;
        return "x".repeat(Math.max(0, keyStart - said.length())) + said + key;
    }

    private static String sse(boolean openAi, String data, String event) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }

    private static String text(boolean openAi, String text) {
        if (openAi) {
            return sse(true, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":"
                    + quote(text) + "},\"finish_reason\":null}]}", null);
        }
        return sse(false, "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}", "message_start")
                + sse(false, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", "content_block_start")
                + sse(false, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(text) + "}}",
                "content_block_delta");
    }

    private static String end(boolean openAi) {
        if (openAi) {
            return sse(true, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}", null) + "data: [DONE]\n\n";
        }
        return sse(false, "{\"type\":\"content_block_stop\",\"index\":0}", "content_block_stop")
                + sse(false, "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}", "message_delta")
                + sse(false, "{\"type\":\"message_stop\"}", "message_stop");
    }

    private static String body(boolean openAi) {
        return openAi
                ? "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"
                : "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"fine\"}],"
                        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
