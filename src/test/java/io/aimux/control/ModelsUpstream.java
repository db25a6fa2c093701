package io.aimux.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loopback upstreams that serve only model lists: provider {@code listed} (OpenAI-type, base
 * {@code /oai/v1}) and provider {@code alisted} (Anthropic-type, base {@code /ant}), both probed
 * every second, and {@code keyless} (OpenAI-type without key, base {@code /free/v1}, refreshed at startup only). {@link #ANSWERING} off makes both answer 503, as a vendor outage would.
 */
public class ModelsUpstream implements QuarkusTestResourceLifecycleManager {

    static final String OPENAI_KEY = "sk-listed-secret-4711";
    static final String ANTHROPIC_KEY = "sk-ant-listed-secret-0815";

    /** The headers of the last request per path (lower-case names). */
    static final Map<String, Map<String, String>> LAST_HEADERS = new ConcurrentHashMap<>();
    static final AtomicBoolean ANSWERING = new AtomicBoolean(true);

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oai/v1/models", exchange -> answer(exchange,
                "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-up-1\",\"object\":\"model\",\"owned_by\":\"x\"},"
                        + "{\"id\":\"shared-model\",\"object\":\"model\"}]}"));
        server.createContext("/ant/v1/models", exchange -> answer(exchange,
                "{\"data\":[{\"type\":\"model\",\"id\":\"claude-up-1\",\"display_name\":\"Up\",\"created_at\":\"2025-01-01T00:00:00Z\"}],"
                        + "\"has_more\":false,\"first_id\":\"claude-up-1\",\"last_id\":\"claude-up-1\"}"));
        server.createContext("/free/v1/models", exchange -> answer(exchange, "{\"object\":\"list\",\"data\":[{\"id\":\"local-1\"}]}"));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("aimux.limits.control-timeout-seconds", "2"),
                Map.entry("aimux.providers.listed.type", "openai"),
                Map.entry("aimux.providers.listed.base-url", base + "/oai/v1"),
                Map.entry("aimux.providers.listed.api-key", OPENAI_KEY),
                Map.entry("aimux.providers.listed.models", "configured-a,shared-model"),
                Map.entry("aimux.providers.listed.health-probe-seconds", "1"),
                Map.entry("aimux.providers.alisted.type", "anthropic"),
                Map.entry("aimux.providers.alisted.base-url", base + "/ant"),
                Map.entry("aimux.providers.alisted.api-key", ANTHROPIC_KEY),
                Map.entry("aimux.providers.alisted.health-probe-seconds", "1"),
                Map.entry("aimux.providers.keyless.type", "openai"),
                Map.entry("aimux.providers.keyless.base-url", base + "/free/v1/"),
                Map.entry("aimux.providers.keyless.headers.X-Team", "blue"));
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        headers.put(":query", String.valueOf(exchange.getRequestURI().getQuery()));
        LAST_HEADERS.put(exchange.getRequestURI().getPath(), headers);
        boolean up = ANSWERING.get();
        byte[] bytes = (up ? json : "{\"error\":{\"message\":\"overloaded, key " + OPENAI_KEY + "\"}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
