package io.aimux.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM on the packaged jar, as Kubernetes sends it (docs/deployment.md#graceful-shutdown):
 * readiness turns DOWN at once, a request arriving during the drain is still answered but with
 * {@code connection: close}, the stream in flight finishes with its final event, and the process
 * exits with status 0.
 */
class GracefulShutdownIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** mock/slow echoes these words a chunk every 200 ms: the stream lasts several seconds, well inside the 25 s grace. */
    private static final String WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
            + "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu ").repeat(2) + "finale";

    private Process gateway;

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermDrainsTheStreamInFlightAndExitsCleanly(@TempDir Path dir) throws Exception {
        drain(dir, Map.of());
    }

    @Test
    void withAShutdownDelayAsOnKubernetesTheSameHolds(@TempDir Path dir) throws Exception {
        // k8s/base sets 5 s; shorter here, still inside the stream's own length
        drain(dir, Map.of("QUARKUS_SHUTDOWN_DELAY", "2S"));
    }

    private void drain(Path dir, Map<String, String> env) throws Exception {
        int port = PackagedJars.freePort();
        gateway = start(port, dir, env);
        PackagedJars.awaitReady(port);

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock/slow\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + WORDS + "\"}]}"))
                .build();
        HttpResponse<InputStream> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        String first = reader.readLine();
        assertThat(first).as("the stream has begun").startsWith("data: ");

        gateway.destroy(); // SIGTERM

        // readiness reports DOWN while the stream is still being written
        String readiness = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() == 503) {
                readiness = ready.body();
                break;
            }
            Thread.sleep(50);
        }
        assertThat(readiness).as("readiness turned DOWN after SIGTERM").isNotNull().contains("\"status\": \"DOWN\"");

        // a request arriving during the drain is answered, and the client is told to reconnect elsewhere
        String late = rawPost(port, "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"late\"}]}");
        assertThat(late).startsWith("HTTP/1.1 200");
        assertThat(late.toLowerCase(Locale.ROOT)).contains("connection: close").contains("\"content\":\"late\"");

        StringBuilder rest = new StringBuilder(first).append('\n');
        for (String line; (line = reader.readLine()) != null;) {
            rest.append(line).append('\n');
        }
        assertThat(rest.toString()).as("the answer in flight was finished, not cut")
                .contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        StringBuilder text = new StringBuilder();
        java.util.regex.Matcher content = java.util.regex.Pattern.compile("\"content\":\"([^\"]*)\"").matcher(rest);
        while (content.find()) {
            text.append(content.group(1));
        }
        assertThat(text.toString()).as("every word arrived").isEqualTo(WORDS);

        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits after draining").isTrue();
        assertThat(gateway.exitValue()).as("a drained stop is a clean stop").isZero();
        String log = Files.readString(dir.resolve("gateway.log"));
        assertThat(log).contains("All HTTP requests complete").doesNotContain("Timed out waiting for graceful shutdown");
    }

    /** One HTTP/1.1 request on its own connection; the whole answer, read until the server closes. */
    private static String rawPost(int port, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Process start(int port, Path dir, Map<String, String> env) throws IOException {
        assertThat(JAR).as("run after 'package': the packaged jar").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIMUX_") || k.startsWith("QUARKUS_"));
        builder.environment().put("AIMUX_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return builder.start();
    }

}
