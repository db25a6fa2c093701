package io.aimux.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault-injection matrix: every upstream fault of {@link FaultUpstream} × client API (OpenAI
 * Chat Completions, Anthropic Messages) × stream mode × upstream type, on the byte-for-byte relay
 * (same protocol, no tools), the decoded path (same protocol, prettifier on, tools declared) and
 * the translated path (the other protocol), alone and as the first target of a two-target alias.
 * Each case checks what the client sees (a proper status in its protocol's error shape before the
 * first byte; one terminal error event and no completion marker after it; never a 200 body for a
 * failed non-streamed answer; no stack trace or key anywhere), how often the upstream was asked,
 * and that the request left exactly one usage record. Stalls cost an idle timeout each, so they
 * run in the smallest subset that covers both client APIs in both stream modes.
 */
@QuarkusTest
@QuarkusTestResource(value = FaultUpstream.class, restrictToAnnotatedClass = true)
class FaultMatrixTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    enum Api {
        OPENAI("/v1/chat/completions"), ANTHROPIC("/v1/messages");

        final String path;

        Api(String path) {
            this.path = path;
        }
    }

    /** How the gateway serves the target: relayed as is, decoded (prettifier), or translated. */
    enum Path {
        RELAY, DECODED, TRANSLATED
    }

    /** Faults whose answer fails before the client got anything, per stream mode. */
    private static boolean failsBeforeFirstByte(String kind, boolean stream) {
        return switch (kind) {
            case "status-429", "status-500", "status-503", "status-400", "slow-first-byte", "malformed", "error-event-early" -> true;
            case "ok" -> false;
            default -> !stream; // a broken body is broken before anything was sent
        };
    }

    /** Retryable: a second target of the chain is tried (only before the first byte). */
    private static boolean retryable(String kind, boolean stream) {
        return failsBeforeFirstByte(kind, stream) && !kind.equals("status-400");
    }

    record Case(String kind, Api api, boolean stream, Path path, boolean failover) {

        boolean upstreamOpenAi() {
            return path == Path.TRANSLATED ? api == Api.ANTHROPIC : api == Api.OPENAI;
        }

        String provider() {
            return (upstreamOpenAi() ? "foai" : "fant") + (path == Path.DECODED ? "-p" : "");
        }

        String model() {
            if (kind.equals("ok")) {
                return provider() + "/ok";
            }
            return failover ? provider() + "-" + kind + "-then-ok" : provider() + "/fault-" + kind;
        }

        String upstreamModel() {
            return kind.equals("ok") ? "ok" : "fault-" + kind;
        }

        @Override
        public String toString() {
            return kind + (failover ? "-then-ok" : "") + " " + api + (stream ? " stream" : " body") + " via "
                    + path.name().toLowerCase() + " to " + (upstreamOpenAi() ? "openai" : "anthropic") + "-type";
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<String> fast = List.of("ok", "status-429", "status-500", "status-503", "status-400", "reset-after-2", "truncated",
                "malformed", "error-event", "error-event-early");
        for (Api api : Api.values()) {
            for (boolean stream : new boolean[] {true, false}) {
                for (Path path : Path.values()) {
                    for (String kind : fast) {
                        cases.add(new Case(kind, api, stream, path, false));
                        if (!kind.equals("ok")) {
                            cases.add(new Case(kind, api, stream, path, true));
                        }
                    }
                    if (stream) { // one oversized event: only streams have events
                        cases.add(new Case("huge-event", api, true, path, false));
                    }
                }
                // stalls wait out the idle timeout: one case per client API × stream mode, the
                // upstream type and path alternating
                Path relayOrTranslated = stream == (api == Api.OPENAI) ? Path.RELAY : Path.TRANSLATED;
                cases.add(new Case("slow-first-byte", api, stream, relayOrTranslated, false));
                cases.add(new Case("stall-after-2", api, stream, relayOrTranslated, false));
            }
            cases.add(new Case("slow-first-byte", api, true, api == Api.OPENAI ? Path.DECODED : Path.RELAY, true));
        }
        cases.add(new Case("stall-after-2", Api.ANTHROPIC, false, Path.DECODED, true));
        return cases;
    }

    // ---- gateway bugs the matrix found: their cases run in the disabled factories below ----

    @TestFactory
    Stream<DynamicTest> faultMatrix() {
        return tests(cases().stream());
    }

    private Stream<DynamicTest> tests(Stream<Case> cases) {
        return cases.map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            try {
                run(c);
                PASSED.incrementAndGet();
            } catch (Throwable t) {
                FAILED.incrementAndGet();
                throw t;
            }
        }));
    }

    @AfterAll
    static void summary() {
        System.out.println();
        System.out.println("fault-matrix: " + PASSED.get() + " passed, " + FAILED.get() + " failed");
    }

    // ---- one case ----

    private static final String OPENAI_TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}}}]";
    private static final String ANTHROPIC_TOOLS = ",\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather of a city\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]";

    private static String body(Case c) {
        String tools = c.path() == Path.DECODED ? (c.api() == Api.OPENAI ? OPENAI_TOOLS : ANTHROPIC_TOOLS) : "";
        return "{\"model\":\"" + c.model() + "\",\"stream\":" + c.stream() + (c.api() == Api.ANTHROPIC ? ",\"max_tokens\":64" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]" + tools + "}";
    }

    private void run(Case c) throws IOException {
        FaultUpstream.reset();
        double before = requestsTotal();
        Response response = given().contentType("application/json")
                .header(c.api() == Api.OPENAI ? "authorization" : "x-api-key", c.api() == Api.OPENAI ? "Bearer client-key" : "client-key")
                .body(body(c)).post(c.api().path);
        String text = response.asString();
        int status = response.statusCode();

        SoftAssertions soft = new SoftAssertions();
        String where = c + " answered " + status + ": " + abbreviate(text);
        // (a) what the client sees
        noSecrets(soft, text, where);
        boolean success = c.kind().equals("ok") || (c.failover() && retryable(c.kind(), c.stream()));
        if (success) {
            soft.assertThat(status).as("status; " + where).isEqualTo(200);
            if (c.stream()) {
                completeStream(soft, c.api(), text, where);
            } else {
                JsonNode json = MAPPER.readTree(text);
                soft.assertThat(json.has("error")).as("no error; " + where).isFalse();
                String content = c.api() == Api.OPENAI ? json.path("choices").path(0).path("message").path("content").asText()
                        : json.path("content").path(0).path("text").asText();
                soft.assertThat(content).as("the answer of the working target; " + where).isEqualTo("Hello");
            }
        } else if (failsBeforeFirstByte(c.kind(), c.stream())) {
            errorStatus(soft, c, response, where);
        } else {
            soft.assertThat(status).as("the stream had begun; " + where).isEqualTo(200);
            failedStream(soft, c.api(), text, where);
            if (c.kind().equals("error-event") && !c.upstreamOpenAi()) { // after the first byte the error keeps its type
                soft.assertThat(text).as("the upstream's error type and message; " + where).contains("overloaded_error")
                        .contains("failed mid-answer");
            }
        }
        // (b) upstream attempts
        // a status failure is retried on the same target before the chain moves on; answers that
        // were accepted and then broke are not (the next target is tried instead)
        int attempts = 1 + (c.kind().startsWith("status-") && retryable(c.kind(), c.stream()) ? FaultUpstream.RETRIES : 0);
        soft.assertThat(FaultUpstream.count(c.upstreamModel())).as("attempts at " + c.upstreamModel() + "; " + where)
                .isEqualTo(attempts);
        if (!c.kind().equals("ok")) {
            soft.assertThat(FaultUpstream.count("ok")).as("attempts at the second target; " + where)
                    .isEqualTo(c.failover() && retryable(c.kind(), c.stream()) ? 1 : 0);
        }
        // (c) exactly one usage record
        double grown = requestsTotal() - before;
        if (grown < 1) { // the record is written right after the answer ends: give it a moment
            try {
                Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(3))
                        .until(() -> requestsTotal() - before >= 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // asserted below
            }
            grown = requestsTotal() - before;
        }
        soft.assertThat(grown).as("aimux_requests_total growth; " + where).isEqualTo(1.0);
        soft.assertAll();
    }

    private static final Set<String> STACK_MARKERS = Set.of("Exception", "\tat ", "at io.", "at java.", "java.lang.", "io.vertx.",
            "io.aimux.", "Caused by");

    private static void noSecrets(SoftAssertions soft, String text, String where) {
        for (String key : FaultUpstream.KEYS.values()) {
            soft.assertThat(text).as("no upstream key; " + where).doesNotContain(key);
        }
        soft.assertThat(text).as("no key-shaped token; " + where).doesNotContain(FaultUpstream.LEAKED_TOKEN)
                .doesNotContain("client-key");
        for (String marker : STACK_MARKERS) {
            soft.assertThat(text).as("no stack trace; " + where).doesNotContain(marker);
        }
    }

    /** A proper error status and body in the client's protocol, before anything was streamed. */
    private static void errorStatus(SoftAssertions soft, Case c, Response response, String where) throws IOException {
        int status = response.statusCode();
        boolean anthropicClient = c.api() == Api.ANTHROPIC;
        switch (c.kind()) {
            case "status-429" -> {
                soft.assertThat(status).as("status; " + where).isEqualTo(429);
                soft.assertThat(response.header("retry-after")).as("retry-after kept; " + where).isEqualTo("1");
            }
            case "status-500", "malformed", "truncated", "reset-after-2" -> soft.assertThat(status).as("status; " + where).isEqualTo(502);
            case "status-503" -> soft.assertThat(status).as("status; " + where).isEqualTo(503);
            case "status-400" -> soft.assertThat(status).as("status; " + where).isEqualTo(400);
            case "slow-first-byte" -> soft.assertThat(status).as("status; " + where).isEqualTo(504);
            case "stall-after-2" -> soft.assertThat(status).as("status; " + where).isIn(502, 504);
            case "error-event", "error-event-early" -> // the upstream's error type keeps its kind
                soft.assertThat(status).as("status; " + where).isEqualTo(c.upstreamOpenAi() ? 502 : 529);
            default -> soft.fail("no expectation for " + c.kind());
        }
        soft.assertThat(response.contentType()).as("JSON error; " + where).startsWith("application/json");
        JsonNode json;
        try {
            json = MAPPER.readTree(response.asString());
        } catch (IOException e) {
            soft.fail("error body is not JSON; " + where);
            return;
        }
        JsonNode error = json.path("error");
        soft.assertThat(error.path("message").isTextual()).as("error.message; " + where).isTrue();
        soft.assertThat(error.path("type").isTextual()).as("error.type; " + where).isTrue();
        if (anthropicClient) {
            soft.assertThat(json.path("type").asText()).as("Anthropic error shape; " + where).isEqualTo("error");
            String expectedType = switch (status) {
                case 400 -> "invalid_request_error";
                case 429 -> "rate_limit_error";
                case 503, 529 -> "overloaded_error";
                case 504 -> "timeout_error";
                default -> "api_error";
            };
            soft.assertThat(error.path("type").asText()).as("Anthropic error type; " + where).isEqualTo(expectedType);
        } else {
            soft.assertThat(json.has("type")).as("OpenAI error shape; " + where).isFalse();
            soft.assertThat(error.has("code")).as("OpenAI error.code; " + where).isTrue();
        }
    }

    /** The SSE events of an answer: [event name or null, data]. */
    private static List<String[]> events(String text) {
        List<String[]> events = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\n")) {
            String name = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (name != null || data != null) {
                events.add(new String[] {name, data == null ? "" : data.toString()});
            }
        }
        return events;
    }

    private static boolean isError(Api api, String[] event) {
        if (api == Api.ANTHROPIC) {
            return "error".equals(event[0]);
        }
        try {
            JsonNode node = MAPPER.readTree(event[1]);
            return node != null && node.isObject() && node.has("error");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isTerminal(Api api, String[] event) {
        return api == Api.OPENAI ? event[1].equals("[DONE]") : "message_stop".equals(event[0]);
    }

    /** A stream that failed after its first byte: exactly one error event, last, and no completion marker. */
    private static void failedStream(SoftAssertions soft, Api api, String text, String where) {
        List<String[]> events = events(text);
        long errors = events.stream().filter(e -> isError(api, e)).count();
        soft.assertThat(errors).as("exactly one error event; " + where).isEqualTo(1);
        soft.assertThat(events).as("events; " + where).isNotEmpty();
        if (!events.isEmpty()) {
            soft.assertThat(isError(api, events.get(events.size() - 1))).as("the error event ends the stream; " + where).isTrue();
        }
        soft.assertThat(events.stream().anyMatch(e -> isTerminal(api, e))).as("no completion marker after an error; " + where).isFalse();
        soft.assertThat(events.stream().filter(e -> !isError(api, e) && !isTerminal(api, e)).allMatch(e -> isJson(e[1])))
                .as("every data line is JSON; " + where).isTrue();
    }

    private static void completeStream(SoftAssertions soft, Api api, String text, String where) {
        List<String[]> events = events(text);
        soft.assertThat(events.stream().noneMatch(e -> isError(api, e))).as("no error event; " + where).isTrue();
        soft.assertThat(!events.isEmpty() && isTerminal(api, events.get(events.size() - 1))).as("ends complete; " + where).isTrue();
        soft.assertThat(events.stream().filter(e -> !isTerminal(api, e)).allMatch(e -> isJson(e[1])))
                .as("every data line is JSON; " + where).isTrue();
        soft.assertThat(text).as("the working target's text; " + where).contains("Hel").contains("lo");
    }

    private static boolean isJson(String data) {
        try {
            JsonNode node = MAPPER.readTree(data);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static double requestsTotal() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("aimux_requests_total{") || line.startsWith("aimux_requests_total ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 600 ? flat.substring(0, 600) + "…(" + flat.length() + " chars)" : flat;
    }
}
