package io.aimux.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Black-box tests of what users run: the packaged jar, started as a process. */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> processes = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void invalidConfigurationStopsStartupNamingEachKeyButNoSecret(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"limits": {"idle_timeout_seconds": -1},
                 "providers": {"broken": {"type": "openai", "base_url": "not a url", "api_key": "sk-do-not-print-0000"}}}""");
        Process gateway = start(config, Map.of(), dir);
        assertThat(gateway.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("gateway.log"));
        assertThat(gateway.exitValue()).isNotZero();
        assertThat(log).contains("providers.broken.base_url").contains("limits.idle_timeout_seconds")
                .doesNotContain("sk-do-not-print-0000");
    }

    @Test
    void publicBindWithoutKeysIsRefused(@TempDir Path dir) throws Exception {
        Process gateway = start(null, Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"), dir);
        assertThat(gateway.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("gateway.log"))).contains("auth.keys").contains("allow_anonymous");
    }

    @Test
    void environmentOverridesConfigFile(@TempDir Path dir) throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer upstream = upstream(exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = """
                    {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                     "message":{"role":"assistant","content":"from upstream"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"prettifier_enabled": true, "output_format": "json",
                 "providers": {"up": {"type": "openai", "base_url": "http://127.0.0.1:%d/v1", "api_key": "file-key"}}}"""
                .formatted(upstream.getAddress().getPort()));
        int port = PackagedJars.freePort();
        start(config, Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "AIMUX_PROVIDERS_UP_API_KEY", "env-key",
                "AIMUX_PRETTIFIER_ENABLED", "false",
                "AIMUX_OUTPUT_FORMAT", "toon"), dir);
        PackagedJars.awaitReady(port);

        String status = get(port, "/api/prettifier/status");
        assertThat(status).contains("\"enabled\":false").contains("\"output_format\":\"toon\"");
        HttpResponse<String> answer = post(port, "/v1/chat/completions",
                "{\"model\":\"up/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"format\":\"toon\"").contains("from upstream");
        assertThat(authorization.get()).isEqualTo("Bearer env-key");
    }

    @Test
    void clientDisconnectCancelsTheUpstreamRequest(@TempDir Path dir) throws Exception {
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        CountDownLatch upstreamStarted = new CountDownLatch(1);
        HttpServer upstream = upstream(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            upstreamStarted.countDown();
            try {
                for (int i = 0; i < 200; i++) { // 20 s of slow streaming unless someone hangs up
                    out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick " + i + " \"},\"finish_reason\":null}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                upstreamSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"providers": {"up": {"type": "openai", "base_url": "http://127.0.0.1:%d/v1"}}}"""
                .formatted(upstream.getAddress().getPort()));
        int port = PackagedJars.freePort();
        start(config, Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)), dir);
        PackagedJars.awaitReady(port);

        String body = "{\"model\":\"up/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            String seen = "";
            while (!seen.contains("tick 1")) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                seen += new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
        } // the client hangs up here, mid-stream
        assertThat(upstreamStarted.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(upstreamSawClose.await(5, TimeUnit.SECONDS))
                .as("the gateway closed its upstream connection after the client left").isTrue();
        String metrics = get(port, "/q/metrics");
        assertThat(metrics).containsPattern("aimux_requests_total\\{[^}]*outcome=\"client_cancelled\"[^}]*} 1\\.0");
    }

    @Test
    void clientDisconnectBeforeTheUpstreamAnsweredCancelsIt(@TempDir Path dir) throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        // A slow non-streaming upstream: it reads the request, then stays silent (no status line)
        // and watches its connection for the gateway hanging up.
        ServerSocket upstream = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            try (Socket connection = upstream.accept()) {
                InputStream in = connection.getInputStream();
                byte[] buffer = new byte[8192];
                String seen = "";
                while (!seen.contains("\"messages\"")) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    seen += new String(buffer, 0, n, StandardCharsets.UTF_8);
                }
                requestArrived.countDown();
                connection.setSoTimeout(200);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < until) {
                    try {
                        if (in.read(buffer) < 0) {
                            upstreamSawClose.countDown();
                            return;
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still open
                    }
                }
            } catch (IOException e) {
                upstreamSawClose.countDown(); // reset by the gateway
            }
        });
        server.setDaemon(true);
        server.start();
        try {
            Path config = dir.resolve("config.json");
            Files.writeString(config, """
                    {"providers": {"up": {"type": "openai", "base_url": "http://127.0.0.1:%d/v1",
                                          "models_refresh_seconds": 0}}}"""
                    .formatted(upstream.getLocalPort())); // this upstream accepts one connection: the chat request
            int port = PackagedJars.freePort();
            start(config, Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)), dir);
            PackagedJars.awaitReady(port);
            String body = "{\"model\":\"up/m\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
            try (Socket client = new Socket("127.0.0.1", port)) {
                client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();
            } // the client gives up before the upstream said anything
            assertThat(upstreamSawClose.await(5, TimeUnit.SECONDS))
                    .as("the gateway dropped the upstream request after the client left").isTrue();
        } finally {
            upstream.close();
        }
    }

    @Test
    void prettifierSettingsSurviveARestart(@TempDir Path dir) throws Exception {
        int port = PackagedJars.freePort();
        Process first = start(null, Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)), dir);
        PackagedJars.awaitReady(port);
        HttpResponse<String> changed = post(port, "/api/prettifier/config",
                "{\"output_format\":\"toon\",\"streaming\":{\"max_hold_back_chars\":4096}}");
        assertThat(changed.statusCode()).isEqualTo(200);
        first.destroy();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        int again = PackagedJars.freePort();
        start(null, Map.of("QUARKUS_HTTP_PORT", Integer.toString(again)), dir);
        PackagedJars.awaitReady(again);
        assertThat(get(again, "/api/prettifier/status")).contains("\"output_format\":\"toon\"")
                .contains("\"max_hold_back_chars\":4096");
    }

    // ---- helpers ----

    private Process start(Path config, Map<String, String> env, Path dir) throws IOException {
        assertThat(JAR).as("run after 'package': the packaged jar").exists();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIMUX_") || k.startsWith("QUARKUS_"));
        if (config != null) {
            builder.environment().put("AIMUX_CONFIG_FILE", config.toString());
        }
        builder.environment().put("AIMUX_DATA_DIR", dir.resolve("data").toString());
        builder.environment().putIfAbsent("QUARKUS_HTTP_PORT", Integer.toString(PackagedJars.freePort()));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private HttpServer upstream(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        servers.add(server);
        return server;
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
