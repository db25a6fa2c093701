package io.aimux.hygiene;

import io.aimux.api.admin.StatusResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canary secrets sent every way a secret reaches the gateway (prompts, the client's key, a wrong
 * key, {@code x-api-key}, made-up {@code x-*} headers, the providers' own keys, upstream error
 * bodies that quote the key and the request) never show up where they must not: in the log, in
 * {@code /q/metrics} and health, in any {@code GET /api/*} answer, the dashboard, the model
 * lists, or an answer to a client. The one thing a client may see is its own prompt, quoted back
 * by an upstream's error (docs/security.md#secret-hygiene).
 */
@QuarkusTest
@TestProfile(CanaryLeakTest.Keys.class)
class CanaryLeakTest {

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.auth.keys.app.key", Canaries.CLIENT_KEY.value(), "aimux.auth.keys.app.role", "client",
                    "aimux.auth.keys.other.key", Canaries.OTHER_CLIENT_KEY.value(), "aimux.auth.keys.other.role", "client",
                    "aimux.auth.keys.ops.key", Canaries.ADMIN_KEY.value(), "aimux.auth.keys.ops.role", "admin",
                    // the gateway's own debug lines are where a careless message would end up; the
                    // access log is what an operator turns on first
                    "quarkus.log.category.\"io.aimux\".level", "DEBUG",
                    "quarkus.http.access-log.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CanaryUpstream.class));
        }
    }

    /** Every record logged anywhere, with its formatted message and any exception. */
    static final class Capture extends Handler {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message);
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static final Capture LOG = new Capture();
    private static final List<Canaries> NOT_EVEN_THE_PROMPT = List.copyOf(EnumSet.allOf(Canaries.class));
    private static final List<Canaries> ALL_BUT_THE_PROMPT = List.copyOf(EnumSet.complementOf(EnumSet.of(Canaries.PROMPT)));

    @BeforeAll
    static void captureLogs() {
        Logger.getLogger("").addHandler(LOG);
    }

    @AfterAll
    static void stopCapturing() {
        Logger.getLogger("").removeHandler(LOG);
    }

    private static RequestSpecification client() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Canaries.CLIENT_KEY.value())
                .header("x-api-key", Canaries.X_API_KEY.value())
                .header("x-trace-token", Canaries.HEADER.value())
                .header("x-session-secret", "token=" + Canaries.HEADER.value());
    }

    private static String prompt() {
        return "please keep this safe: " + Canaries.PROMPT.value();
    }

    @Test
    void noCanaryLeaks() {
        List<String> problems = new ArrayList<>();
        sendEverything(problems);
        readEverything(problems);

        problems.forEach(System.out::println);
        assertThat(CanaryUpstream.KEYS_SEEN).as("the providers' keys reached the upstream")
                .contains(Canaries.OPENAI_PROVIDER_KEY.value(), Canaries.ANTHROPIC_PROVIDER_KEY.value());
        assertThat(LOG.lines).as("the log capture works: the access log has a line per request")
                .anyMatch(line -> line.contains("/v1/chat/completions"));
        for (String line : LOG.lines) {
            List<Canaries> shown = Canaries.shown(line, NOT_EVEN_THE_PROMPT);
            if (!shown.isEmpty()) {
                problems.add("log shows " + shown + ": " + line);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void sendEverything(List<String> problems) {
        for (String provider : List.of("cano", "cana")) {
            for (String scenario : CanaryUpstream.SCENARIOS) {
                for (boolean stream : List.of(false, true)) {
                    String model = provider + "/" + scenario;
                    String openAi = "{\"model\":\"" + model + "\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt() + "\"}]}";
                    String anthropic = "{\"model\":\"" + model + "\",\"max_tokens\":16,\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt() + "\"}]}";
                    check(problems, "openai " + model + " stream=" + stream,
                            client().body(openAi).post("/v1/chat/completions"), ALL_BUT_THE_PROMPT);
                    check(problems, "anthropic " + model + " stream=" + stream,
                            client().body(anthropic).post("/v1/messages"), ALL_BUT_THE_PROMPT);
                }
            }
        }
        String chat = "{\"model\":\"cano/ok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt() + "\"}]}";
        check(problems, "wrong bearer key", given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Canaries.WRONG_KEY.value())
                .header("x-trace-token", Canaries.HEADER.value()).body(chat).post("/v1/chat/completions"), NOT_EVEN_THE_PROMPT);
        check(problems, "wrong x-api-key", given().contentType(ContentType.JSON)
                .header("x-api-key", Canaries.X_API_KEY.value()).body(chat).post("/v1/messages"), NOT_EVEN_THE_PROMPT);
        check(problems, "wrong key on the admin API", given()
                .header("Authorization", "Bearer " + Canaries.WRONG_KEY.value()).get("/api/status"), NOT_EVEN_THE_PROMPT);
        check(problems, "client key on the admin API", client().get("/api/providers"), NOT_EVEN_THE_PROMPT);
        check(problems, "malformed body", client().body("{\"model\": \"" + Canaries.PROMPT.value())
                .post("/v1/chat/completions"), ALL_BUT_THE_PROMPT);
    }

    private static void readEverything(List<String> problems) {
        List<String> adminPaths = new ArrayList<>(getEndpoints());
        adminPaths.add("/dashboard");
        assertThat(adminPaths).as("admin GET endpoints found in the code").contains("/api/providers", "/api/status");
        for (String path : adminPaths) {
            check(problems, "GET " + path, given().header("Authorization", "Bearer " + Canaries.ADMIN_KEY.value()).get(path),
                    NOT_EVEN_THE_PROMPT);
        }
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            check(problems, "GET " + path, given().get(path), NOT_EVEN_THE_PROMPT);
        }
        for (String path : List.of("/v1/models", "/anthropic/v1/models")) {
            check(problems, "GET " + path, client().get(path), NOT_EVEN_THE_PROMPT);
        }
    }

    private static void check(List<String> problems, String what, Response response, List<Canaries> forbidden) {
        String text = response.getHeaders().toString() + "\n" + response.asString();
        List<Canaries> shown = Canaries.shown(text, forbidden);
        if (!shown.isEmpty()) {
            problems.add(what + " (" + response.statusCode() + ") shows " + shown + ": " + text);
        }
    }

    /** Paths of the parameterless GET endpoints of the gateway's REST resources under /api. */
    static List<String> getEndpoints() {
        TreeSet<String> paths = new TreeSet<>();
        try {
            java.nio.file.Path classes = java.nio.file.Path.of(
                    StatusResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("io/aimux"))) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(name, false, StatusResource.class.getClassLoader());
                    Path base = type.getAnnotation(Path.class);
                    if (base == null) {
                        continue;
                    }
                    for (Method method : type.getDeclaredMethods()) {
                        if (method.isAnnotationPresent(GET.class)) {
                            Path sub = method.getAnnotation(Path.class);
                            String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                            path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                            if (path.startsWith("/api") && !path.contains("{")) {
                                paths.add(path);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not list the REST resources", e);
        }
        return List.copyOf(paths);
    }
}
