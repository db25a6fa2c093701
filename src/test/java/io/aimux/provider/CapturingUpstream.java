package io.aimux.provider;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** An OpenAI-type upstream that remembers the last request it got; configured as provider {@code capped}. */
public class CapturingUpstream implements QuarkusTestResourceLifecycleManager {

    /** The last request: body, query string and the headers the tests look at. */
    public record Seen(String body, String query, String authorization, String team) {}

    static final AtomicReference<Seen> LAST = new AtomicReference<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            LAST.set(new Seen(body, exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Team")));
            boolean stream = body.contains("\"stream\":true");
            String chunk = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,";
            String answer = stream
                    ? ": keep-alive\n\n" + "data: " + chunk + "\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                      + "data: " + chunk + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                      + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\ndata: [DONE]\n\n"
                    : "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                      + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                      + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return Map.of("aimux.providers.capped.type", "openai",
                "aimux.providers.capped.base-url", base,
                "aimux.providers.capped.api-key", "sk-upstream-test-0000",
                "aimux.providers.capped.max-output-tokens", "1000",
                "aimux.providers.capped.drop-params", "frequency_penalty,parallel_tool_calls",
                "aimux.providers.capped.group-id", "G1",
                "aimux.providers.capped.headers.X-Team", "blue",
                // the tests read the last request, so no background model-list fetches
                "aimux.providers.capped.models-refresh-seconds", "0");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
