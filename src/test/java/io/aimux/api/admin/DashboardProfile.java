package io.aimux.api.admin;

import com.sun.net.httpserver.HttpServer;
import io.aimux.testing.LoopbackServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fast live updates with room for two subscribers, and two OpenAI-type upstreams for provider
 * tests: {@code good} answers with markup and quotes, {@code locked} refuses the key and quotes it.
 */
public class DashboardProfile implements QuarkusTestProfile {

    /** Visibly fake, assembled at runtime. */
    static final String UPSTREAM_KEY = "sk-" + "fake-" + "upstream-" + "key-123456";
    static final AtomicReference<String> LAST_BODY = new AtomicReference<>();

    @Override
    public Map<String, String> getConfigOverrides() {
        // a read deadline shorter than a few ticks: a live stream must outlast it
        return Map.of("aimux.dashboard.refresh-seconds", "1", "aimux.dashboard.max-subscribers", "2",
                "aimux.limits.request-read-timeout-seconds", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Upstreams.class));
    }

    public static class Upstreams implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            server = LoopbackServers.start(exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (exchange.getRequestURI().getPath().startsWith("/locked/")) {
                    LoopbackServers.send(exchange, 401, "application/json",
                            "{\"error\":{\"message\":\"Incorrect API key provided: " + UPSTREAM_KEY + "\"}}");
                    return;
                }
                LAST_BODY.set(body);
                LoopbackServers.send(exchange, 200, "application/json", "{\"id\":\"c1\",\"object\":\"chat.completion\","
                        + "\"created\":1,\"model\":\"tiny\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"ok <b>\\\"fine\\\"</b>\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}");
            });
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            return Map.ofEntries(
                    Map.entry("aimux.providers.good.type", "openai"),
                    Map.entry("aimux.providers.good.base-url", base + "/good/v1"),
                    Map.entry("aimux.providers.good.api-key", UPSTREAM_KEY),
                    Map.entry("aimux.providers.good.models", "tiny,other"),
                    Map.entry("aimux.providers.good.models-refresh-seconds", "0"),
                    Map.entry("aimux.providers.locked.type", "openai"),
                    Map.entry("aimux.providers.locked.base-url", base + "/locked/v1"),
                    Map.entry("aimux.providers.locked.api-key", UPSTREAM_KEY),
                    Map.entry("aimux.providers.locked.models", "tiny"),
                    Map.entry("aimux.providers.locked.models-refresh-seconds", "0"),
                    Map.entry("aimux.providers.bare.type", "openai"),
                    Map.entry("aimux.providers.bare.base-url", base + "/bare/v1"),
                    Map.entry("aimux.providers.bare.models-refresh-seconds", "0"),
                    Map.entry("aimux.providers.mock.enabled", "true"));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
