package io.aimux.resilience;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimux.testing.LoopbackServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-type upstream that counts the calls per model and answers by model name:
 * {@code always-503}, {@code always-429} (with {@code Retry-After: 1}), {@code ok}.
 */
public class CountingUpstream implements QuarkusTestResourceLifecycleManager {

    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private HttpServer server;

    static int calls(String model) {
        AtomicInteger count = CALLS.get(model);
        return count == null ? 0 : count.get();
    }

    @Override
    public Map<String, String> start() {
        server = LoopbackServers.start(this::handle);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Map<String, String> config = new java.util.HashMap<>();
        for (String provider : new String[] {"flaky", "healthy", "tripping", "bounded", "patient"}) {
            config.put("aimux.providers." + provider + ".type", "openai");
            config.put("aimux.providers." + provider + ".base-url", base);
            config.put("aimux.providers." + provider + ".models-refresh-seconds", "0");
            config.put("aimux.providers." + provider + ".resilience.retry-delay-ms", "20");
            config.put("aimux.providers." + provider + ".resilience.breaker-request-volume", "0");
        }
        config.put("aimux.providers.tripping.resilience.max-retries", "0");
        config.put("aimux.providers.tripping.resilience.breaker-request-volume", "4");
        config.put("aimux.providers.tripping.resilience.breaker-delay-seconds", "600");
        config.put("aimux.providers.bounded.resilience.max-retries", "2");
        config.put("aimux.providers.patient.resilience.retry-delay-ms", "3000");
        config.put("aimux.providers.patient.resilience.retry-max-delay-ms", "3000");
        config.put("aimux.aliases.first-503[0]", "flaky/always-503");
        config.put("aimux.aliases.first-503[1]", "healthy/ok");
        config.put("aimux.aliases.first-429[0]", "flaky/always-429");
        config.put("aimux.aliases.first-429[1]", "healthy/ok");
        config.put("aimux.aliases.trip[0]", "tripping/always-503");
        config.put("aimux.aliases.trip[1]", "healthy/ok");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String model = body.replaceAll("(?s).*\"model\":\"([^\"]*)\".*", "$1");
        CALLS.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
        boolean stream = body.contains("\"stream\":true");
        if (model.startsWith("always-503")) {
            LoopbackServers.send(exchange, 503, "application/json", "{\"error\":{\"type\":\"server_error\",\"message\":\"unavailable\"}}");
        } else if (model.startsWith("always-429")) {
            exchange.getResponseHeaders().add("retry-after", "1");
            LoopbackServers.send(exchange, 429, "application/json", "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
        } else if (stream) {
            String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,";
            LoopbackServers.send(exchange, 200, "text/event-stream", "data: " + chunk + "\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                    + "data: " + chunk + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\ndata: [DONE]\n\n");
        } else {
            LoopbackServers.send(exchange, 200, "application/json", "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");
        }
    }

}
