package io.aimux.it;

import io.aimux.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged gateways share one redis-server: a key's rate limit and token budget hold across both,
 * and a prettifier change or a runtime key made through one replica is served by the other within
 * {@code auth.refresh_seconds} (docs/deployment.md#several-replicas).
 */
class TwoReplicaRedisIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TEAM = "it-team-key-" + "0001";
    private static final String BUDGET = "it-budget-key-" + "0002";
    private static final String OPS = "it-admin-key-" + "0003";

    private final List<Process> processes = new ArrayList<>();
    private RedisServer redis;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void aRateLimitAndATokenBudgetHoldAcrossTwoReplicas(@TempDir Path dir) throws Exception {
        redis = RedisServer.start();
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"state": {"store": "redis", "redis_url": "%s", "key_prefix": "it"},
                 "providers": {"mock": {"enabled": true}},
                 "auth": {"keys": {
                   "team": {"key": "%s", "limits": {"requests_per_minute": 3}},
                   "budget": {"key": "%s", "limits": {"daily_tokens": 1}}}}}"""
                .formatted(redis.url(), TEAM, BUDGET));
        int a = RedisServer.freePort();
        int b = RedisServer.freePort();
        start(config, a, dir.resolve("a"));
        start(config, b, dir.resolve("b"));
        PackagedJars.awaitReady(a);
        PackagedJars.awaitReady(b);

        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < 15_000) { // keep the six requests in one minute window
            Thread.sleep(left + 50);
        }
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            int status = chat(i % 2 == 0 ? a : b, TEAM).statusCode();
            ok += status == 200 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertThat(ok).as("3 requests per minute for the key, whichever replica serves it").isEqualTo(3);
        assertThat(limited).isEqualTo(3);

        assertThat(chat(a, BUDGET).statusCode()).isEqualTo(200);
        // usage is added when the answer has been written, so the other replica sees it a moment later
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> last = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last.set(chat(b, BUDGET));
                    return last.get().statusCode() != 200;
                });
        HttpResponse<String> spent = last.get();
        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(spent.body()).contains("daily budget of 1 tokens is spent");
        assertThat(spent.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void aPrettifierChangeAndARuntimeKeyReachTheOtherReplica(@TempDir Path dir) throws Exception {
        redis = RedisServer.start();
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"state": {"store": "redis", "redis_url": "%s", "key_prefix": "it"},
                 "providers": {"mock": {"enabled": true}},
                 "auth": {"refresh_seconds": 1, "keys": {"ops": {"key": "%s", "role": "admin"}}}}"""
                .formatted(redis.url(), OPS));
        int a = RedisServer.freePort();
        int b = RedisServer.freePort();
        start(config, a, dir.resolve("a"));
        start(config, b, dir.resolve("b"));
        PackagedJars.awaitReady(a);
        PackagedJars.awaitReady(b);
        assertThat(admin(b, "GET", "/api/prettifier/status", null).body()).contains("\"output_format\":\"json\"");

        HttpResponse<String> changed = admin(a, "POST", "/api/prettifier/config",
                "{\"output_format\":\"toon\",\"streaming\":{\"max_hold_back_chars\":2048}}");
        assertThat(changed.statusCode()).isEqualTo(200);
        // refresh_seconds is 1 here; the bound leaves room for a loaded machine
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin(b, "GET", "/api/prettifier/status", null).body().contains("\"output_format\":\"toon\""));
        assertThat(admin(b, "GET", "/api/prettifier/status", null).body()).contains("\"max_hold_back_chars\":2048");

        HttpResponse<String> created = admin(a, "POST", "/api/keys", "{\"id\":\"late-team\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(created.body());
        assertThat(secret.find()).isTrue();
        assertThat(chat(a, secret.group(1)).statusCode()).as("the replica that made the key").isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> chat(b, secret.group(1)).statusCode() == 200);
    }

    private HttpResponse<String> admin(int port, String method, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").header("authorization", "Bearer " + OPS)
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(int port, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void start(Path config, int port, Path dir) throws IOException {
        assertThat(JAR).as("run after 'package': the packaged jar").exists();
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIMUX_") || k.startsWith("QUARKUS_"));
        builder.environment().put("AIMUX_CONFIG_FILE", config.toString());
        builder.environment().put("AIMUX_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        processes.add(builder.start());
    }

}
