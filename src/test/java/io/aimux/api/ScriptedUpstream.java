package io.aimux.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimux.testing.LoopbackServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One loopback server playing an Anthropic-type host ({@code /v1/messages}, {@code count_tokens})
 * and an OpenAI-type one ({@code /v1/chat/completions}). It records every request and answers by
 * the upstream model name: {@code plain} (a short text), {@code server-tools} (server tool
 * blocks, a citation and text), {@code overloaded} (an error event before any content),
 * {@code limited} (429 with Retry-After), {@code error-event} (an error event before anything
 * else, its message holding a key), {@code late-error} (text, a pause, then an error event),
 * {@code error-body} (a 200 carrying an error), {@code html} (a 200 HTML page). Configured as
 * providers {@code ahost} (third-party
 * Anthropic-type, default features), {@code afirst} (every feature, as the anthropic preset) and
 * {@code oai} (OpenAI-type).
 */
public class ScriptedUpstream implements QuarkusTestResourceLifecycleManager {

    /** One request as the upstream saw it. */
    public record Seen(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
            return null;
        }
    }

    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = LoopbackServers.start(this::handle);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("aimux.providers.ahost.type", "anthropic"),
                Map.entry("aimux.providers.ahost.base-url", base),
                Map.entry("aimux.providers.ahost.api-key", "ahost-key-0000"),
                // a Retry-After of 7 s is longer than this host's retries wait: the 429 goes to the client
                Map.entry("aimux.providers.ahost.resilience.max-retry-after-seconds", "5"),
                Map.entry("aimux.providers.afirst.type", "anthropic"),
                Map.entry("aimux.providers.afirst.base-url", base),
                Map.entry("aimux.providers.afirst.api-key", "afirst-key-0000"),
                Map.entry("aimux.providers.afirst.prettifier-enabled", "false"),
                Map.entry("aimux.providers.afirst.features.system-messages", "true"),
                Map.entry("aimux.providers.afirst.features.context-management", "true"),
                Map.entry("aimux.providers.afirst.features.tool-search", "true"),
                Map.entry("aimux.providers.afirst.features.forward-user-id", "true"),
                Map.entry("aimux.providers.oai.type", "openai"),
                Map.entry("aimux.providers.oai.base-url", base + "/v1"),
                Map.entry("aimux.providers.oai.api-key", "oai-key-0000"),
                Map.entry("aimux.providers.oai.idle-timeout-seconds", "1"),
                Map.entry("aimux.limits.total-timeout-seconds", "3"),
                Map.entry("aimux.aliases.broken-then-ok[0]", "afirst/error-event"),
                Map.entry("aimux.aliases.broken-then-ok[1]", "afirst/plain"),
                Map.entry("aimux.aliases.oai-broken-then-ok[0]", "oai/error-body"),
                Map.entry("aimux.aliases.oai-broken-then-ok[1]", "oai/plain"),
                // the tests count the requests this upstream gets, so no background model-list fetches
                Map.entry("aimux.providers.ahost.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.afirst.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.oai.models-refresh-seconds", "0"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        SEEN.add(new Seen(path, Map.copyOf(exchange.getRequestHeaders()), body));
        boolean stream = body.contains("\"stream\":true");
        String model = "plain";
        for (String scenario : List.of("server-tools", "overloaded", "limited", "error-event", "late-error", "error-body", "html",
                "trickle", "silent")) {
            if (body.contains("\"model\":\"" + scenario + "\"")) {
                model = scenario;
            }
        }
        boolean openAi = path.endsWith("/chat/completions");
        if (path.endsWith("/count_tokens")) {
            LoopbackServers.send(exchange, 200, "application/json", "{\"input_tokens\":42}");
        } else if (model.equals("html")) {
            LoopbackServers.send(exchange, 200, "text/html", "<html><body>Gateway of some proxy: secret " + "sk-proj-" + "EXAMPLE" + "0".repeat(20) + "</body></html>");
        } else if (model.equals("error-body")) {
            LoopbackServers.send(exchange, 200, "application/json", "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy, key sk-abcdefghijklmnopqrstuv123456\"}}");
        } else if (model.equals("error-event")) {
            LoopbackServers.send(exchange, 200, "text/event-stream", openAi
                    ? "data: {\"error\":{\"type\":\"server_error\",\"message\":\"failed with key sk-abcdefghijklmnopqrstuv123456\"}}\n\n"
                    : event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"failed with key sk-abcdefghijklmnopqrstuv123456\"}}"));
        } else if (model.equals("late-error")) {
            lateError(exchange, openAi);
        } else if (model.equals("trickle") || model.equals("silent")) {
            trickle(exchange, model.equals("trickle"));
        } else if (model.equals("limited")) {
            exchange.getResponseHeaders().add("retry-after", "7");
            LoopbackServers.send(exchange, 429, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
        } else if (path.endsWith("/chat/completions")) {
            LoopbackServers.send(exchange, 200, stream ? "text/event-stream" : "application/json", stream ? OPENAI_STREAM : OPENAI_BODY);
        } else if (stream) {
            LoopbackServers.send(exchange, 200, "text/event-stream", switch (model) {
                case "server-tools" -> SERVER_TOOLS_STREAM;
                case "overloaded" -> OVERLOADED_STREAM;
                default -> PLAIN_STREAM;
            });
        } else {
            LoopbackServers.send(exchange, 200, "application/json", PLAIN_BODY);
        }
    }

    /**
     * A stream of keep-alive comments ({@code trickle}) or a body that never comes ({@code silent}),
     * for about ten seconds: only the gateway's total deadline ends the request sooner.
     */
    private static void trickle(HttpExchange exchange, boolean comments) throws IOException {
        exchange.getResponseHeaders().add("content-type", comments ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 50; i++) {
                if (comments) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the gateway dropped the request: what the test wants
        }
    }

    /** Text first, flushed, then after a pause an error event: it arrives after the first byte. */
    private static void lateError(HttpExchange exchange, boolean openAi) throws IOException {
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write((openAi ? OPENAI_STREAM.substring(0, OPENAI_STREAM.indexOf("\n\n") + 2)
                    : PLAIN_STREAM.substring(0, PLAIN_STREAM.indexOf("event: content_block_stop"))).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
            out.write((openAi ? "data: {\"error\":{\"type\":\"server_error\",\"message\":\"died, key sk-abcdefghijklmnopqrstuv123456\"}}\n\n"
                    : event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"died, key sk-abcdefghijklmnopqrstuv123456\"}}"))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static final String START = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");
    static final String END = event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");

    static final String PLAIN_STREAM = START
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"done\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}") + END;

    static final String PLAIN_BODY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

    static final String SERVER_TOOLS_STREAM = START
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\","
                    + "\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":\"{\\\"query\\\":\\\"aimux\\\"}\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"web_search_tool_result\","
                    + "\"tool_use_id\":\"srvtoolu_1\",\"content\":[{\"type\":\"web_search_result\",\"url\":\"https://example.org\","
                    + "\"title\":\"Example\",\"encrypted_content\":\"e1\"}]}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\","
                    + "\"citation\":{\"type\":\"web_search_result_location\",\"url\":\"https://example.org\",\"cited_text\":\"c\"}}}")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"found it\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}") + END;

    static final String OVERLOADED_STREAM = START
            + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    static final String OPENAI_BODY = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"done\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    static final String OPENAI_STREAM = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"done\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\ndata: [DONE]\n\n";
}
