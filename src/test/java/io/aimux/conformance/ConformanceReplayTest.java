package io.aimux.conformance;

import io.aimux.testing.CorpusJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the conformance corpus ({@code src/test/resources/conformance/cases/*.json}, plus the
 * additional cases in {@code src/test/resources/conformance/extra-cases/*.json}) through the
 * running gateway against {@link FakeUpstream}, the way the shared SDK harness does, but with a
 * plain HTTP client so that it runs under Maven alone.
 *
 * <p>Response cases run once through each front door ({@code /v1/chat/completions} and
 * {@code /v1/messages}); the model is {@code oai/<case id>} or {@code ant/<case id>}, so the fake
 * upstream finds the case by the forwarded model. Request cases run through the front door of their
 * {@code client_protocol}, and the body the upstream received is compared with the expectation.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class ConformanceReplayTest {

    /** Case directories on the test classpath: the public corpus and the additional cases. */
    private static final List<String> CASE_DIRS = List.of("/conformance/cases", "/conformance/extra-cases");
    private static final String USER_PROMPT = "Please handle this request using the tools you have.";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @TestHTTPResource("/")
    URL gateway;

    // ---------------------------------------------------------------- case discovery

    static List<Path> caseFiles() throws IOException, URISyntaxException {
        List<Path> all = new ArrayList<>();
        for (String caseDir : CASE_DIRS) {
            URL dir = ConformanceReplayTest.class.getResource(caseDir);
            if (dir == null) {
                throw new IllegalStateException(caseDir + " is not on the test classpath");
            }
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    static JsonNode readCase(String id) throws IOException {
        for (String caseDir : CASE_DIRS) {
            try (InputStream in = ConformanceReplayTest.class.getResourceAsStream(caseDir + "/" + id + ".json")) {
                if (in != null) {
                    return CorpusJson.MAPPER.readTree(in);
                }
            }
        }
        throw new IllegalStateException("no case file " + id + ".json in " + CASE_DIRS);
    }

    static Stream<Arguments> responseCases() throws IOException, URISyntaxException {
        List<Arguments> runs = new ArrayList<>();
        for (Path file : caseFiles()) {
            JsonNode testCase = CorpusJson.MAPPER.readTree(file.toFile());
            if (testCase.path("kind").asText().equals("response")) {
                runs.add(Arguments.of(testCase.path("id").asText(), "openai"));
                runs.add(Arguments.of(testCase.path("id").asText(), "anthropic"));
            }
        }
        return runs.stream();
    }

    static Stream<Arguments> requestCases() throws IOException, URISyntaxException {
        List<Arguments> runs = new ArrayList<>();
        for (Path file : caseFiles()) {
            JsonNode testCase = CorpusJson.MAPPER.readTree(file.toFile());
            if (testCase.path("kind").asText().equals("request")) {
                runs.add(Arguments.of(testCase.path("id").asText(), testCase.path("client_protocol").asText()));
            }
        }
        return runs.stream();
    }

    @Test
    void corpusIsWellFormed() throws Exception {
        List<Path> files = caseFiles();
        assertThat(files).as("case files").isNotEmpty();
        assertThat(files.stream().map(p -> p.getFileName().toString()).distinct().count())
                .as("case ids are unique across %s", CASE_DIRS).isEqualTo(files.size());
        for (Path file : files) {
            JsonNode testCase = CorpusJson.MAPPER.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertThat(testCase.path("id").asText() + ".json").as("id of %s", name).isEqualTo(name);
            assertThat(testCase.path("kind").asText()).as("kind of %s", name).isIn("response", "request");
            assertThat(testCase.path("upstream_protocol").asText()).as("upstream_protocol of %s", name)
                    .isIn("openai", "anthropic");
        }
    }

    // ---------------------------------------------------------------- response cases

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("responseCases")
    void responseCase(String id, String api) throws Exception {
        JsonNode testCase = readCase(id);
        String upstreamProtocol = testCase.path("upstream_protocol").asText();
        boolean stream = testCase.path("stream").asBoolean(false);
        JsonNode expect = testCase.path("expect");
        boolean expectsCalls = expect.path("tool_calls").size() > 0;

        control("POST", "/_control/cases", testCase.toString());
        control("POST", "/_control/reset", "");

        String model = (upstreamProtocol.equals("openai") ? "oai/" : "ant/") + id;
        ObjectNode request = clientRequest(api, model, stream, testCase.path("request_tools"));
        HttpResponse<String> reply = post(api, request);

        List<String> failures = new ArrayList<>();
        checkUpstreamCalls(upstreamProtocol, failures);
        if (reply.statusCode() / 100 != 2) {
            failures.add("HTTP " + reply.statusCode() + ": " + ReplyCollector.abbreviate(reply.body()));
            fail(id, api, failures, reply);
        }

        String contentType = reply.headers().firstValue("content-type").orElse(null);
        ReplyCollector.Collected got = ReplyCollector.collect(api, stream, contentType, reply.body(), expectsCalls);
        failures.addAll(got.problems());
        failures.addAll(ReplyCollector.idProblems(got.toolCalls()));
        compareToolCalls(expect.path("tool_calls"), got.toolCalls(), failures);
        compareContent(expect.get("content"), got.content(), expectsCalls, failures);
        compareFinish(api, expect.path("finish").asText(), got.finish(), failures);
        if (!failures.isEmpty()) {
            fail(id, api, failures, reply);
        }
    }

    private static ObjectNode clientRequest(String api, String model, boolean stream, JsonNode neutralTools) {
        ObjectNode request = CorpusJson.MAPPER.createObjectNode();
        request.put("model", model);
        if (api.equals("anthropic")) {
            request.put("max_tokens", 1024);
        }
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", USER_PROMPT);
        if (neutralTools.isArray() && neutralTools.size() > 0) {
            ArrayNode tools = request.putArray("tools");
            for (JsonNode tool : neutralTools) {
                if (api.equals("openai")) {
                    ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                    function.put("name", tool.path("name").asText());
                    if (tool.has("description")) {
                        function.set("description", tool.get("description"));
                    }
                    function.set("parameters", tool.path("parameters"));
                } else {
                    ObjectNode out = tools.addObject();
                    out.put("name", tool.path("name").asText());
                    if (tool.has("description")) {
                        out.set("description", tool.get("description"));
                    }
                    out.set("input_schema", tool.path("parameters"));
                }
            }
        }
        request.put("stream", stream);
        return request;
    }

    private void checkUpstreamCalls(String upstreamProtocol, List<String> failures) throws Exception {
        String expectedPath = upstreamProtocol.equals("openai") ? FakeUpstream.OPENAI_PATH : FakeUpstream.ANTHROPIC_PATH;
        JsonNode log = CorpusJson.MAPPER.readTree(control("GET", "/_control/log", null));
        if (log.isEmpty()) {
            failures.add("the upstream was never called");
        }
        for (JsonNode entry : log) {
            if (!entry.path("path").asText().equals(expectedPath)) {
                failures.add("request to the wrong upstream endpoint " + entry.path("method").asText() + " "
                        + entry.path("path").asText() + " (expected " + expectedPath + ")");
            }
        }
    }

    private static void compareToolCalls(JsonNode expected, List<ReplyCollector.ToolCall> got, List<String> failures) {
        if (expected.size() != got.size()) {
            failures.add("expected " + expected.size() + " tool call(s), got " + got.size() + ": " + got);
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            ReplyCollector.ToolCall call = got.get(i);
            if (!want.path("name").asText().equals(call.name())) {
                failures.add("tool call " + i + ": name " + call.name() + ", expected " + want.path("name").asText());
            }
            JsonNode arguments = CorpusJson.parseOrNull(call.arguments());
            if (arguments == null) {
                failures.add("tool call " + i + ": arguments do not parse as JSON: " + call.arguments());
            } else if (!CorpusJson.deepEquals(want.path("arguments"), arguments)) {
                failures.add("tool call " + i + ": arguments " + arguments + ", expected " + want.path("arguments"));
            }
        }
    }

    static String normalizeContent(String text, boolean collapse) {
        String result = text == null ? "" : text.strip();
        return collapse ? result.replaceAll("(?U)\\s+", " ") : result;
    }

    private static void compareContent(JsonNode expected, String got, boolean collapse, List<String> failures) {
        if (expected == null || expected.isNull()) {
            return;
        }
        String want = normalizeContent(expected.asText(), collapse);
        String have = normalizeContent(got, collapse);
        if (!want.equals(have)) {
            failures.add("content " + CorpusJson.MAPPER.getNodeFactory().textNode(have)
                    + ", expected " + CorpusJson.MAPPER.getNodeFactory().textNode(want));
        }
    }

    private static void compareFinish(String api, String expected, String got, List<String> failures) {
        Set<String> accepted;
        if (api.equals("openai")) {
            accepted = Set.of(expected);
        } else {
            accepted = switch (expected) {
                case "tool_calls" -> Set.of("tool_use");
                case "stop" -> Set.of("end_turn", "stop_sequence");
                case "length" -> Set.of("max_tokens");
                default -> Set.of(expected);
            };
        }
        if (!accepted.contains(got)) {
            failures.add("finish " + got + ", expected " + accepted);
        }
    }

    // ---------------------------------------------------------------- request cases

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("requestCases")
    void requestCase(String id, String api) throws Exception {
        JsonNode testCase = readCase(id);
        String upstreamProtocol = testCase.path("upstream_protocol").asText();
        ObjectNode request = testCase.path("client_request").deepCopy();
        String model = request.path("model").asText();
        String rest = model.substring(model.indexOf('/') + 1);
        request.put("model", (upstreamProtocol.equals("openai") ? "oai/" : "ant/") + rest);

        control("POST", "/_control/reset", "");
        HttpResponse<String> reply = post(api, request);

        List<String> failures = new ArrayList<>();
        String expectedPath = upstreamProtocol.equals("openai") ? FakeUpstream.OPENAI_PATH : FakeUpstream.ANTHROPIC_PATH;
        JsonNode log = CorpusJson.MAPPER.readTree(control("GET", "/_control/log", null));
        if (log.isEmpty()) {
            failures.add("the upstream was never called; reply HTTP " + reply.statusCode() + ": "
                    + ReplyCollector.abbreviate(reply.body()));
            fail(id, api, failures, reply);
        }
        JsonNode first = log.get(0);
        if (!first.path("path").asText().equals(expectedPath)) {
            failures.add("request went to " + first.path("path").asText() + ", expected " + expectedPath);
            fail(id, api, failures, reply);
        }
        JsonNode upstreamBody = CorpusJson.parseOrNull(first.path("body").asText());
        if (upstreamBody == null || !upstreamBody.isObject()) {
            failures.add("upstream body is not a JSON object: " + ReplyCollector.abbreviate(first.path("body").asText()));
            fail(id, api, failures, reply);
        }
        String problem = CorpusJson.subsetMismatch(testCase.path("expect_upstream_request"), upstreamBody);
        if (problem != null) {
            failures.add("upstream request: " + problem);
        }
        for (JsonNode absent : testCase.path("expect_upstream_absent")) {
            if (upstreamBody.has(absent.asText())) {
                failures.add("upstream request carries " + absent.asText() + ": " + upstreamBody.get(absent.asText()));
            }
        }
        if (reply.statusCode() / 100 != 2) {
            failures.add("client got HTTP " + reply.statusCode() + ": " + ReplyCollector.abbreviate(reply.body()));
        }
        if (!failures.isEmpty()) {
            failures.add("upstream body was " + ReplyCollector.abbreviate(upstreamBody.toString()));
            fail(id, api, failures, reply);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private HttpResponse<String> post(String api, JsonNode body) throws IOException, InterruptedException {
        String path = api.equals("openai") ? "v1/chat/completions" : "v1/messages";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/*$", "/") + path))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (api.equals("anthropic")) {
            builder.header("anthropic-version", "2023-06-01");
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String control(String method, String path, String body) throws IOException, InterruptedException {
        String base = ConfigProvider.getConfig().getValue(FakeUpstreamResource.BASE_PROPERTY, String.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("fake upstream control " + method + " " + path + " answered "
                    + response.statusCode());
        }
        return response.body();
    }

    private static void fail(String id, String api, List<String> failures, HttpResponse<String> reply) {
        StringBuilder message = new StringBuilder(id).append(" via ").append(api).append(':');
        for (String failure : failures) {
            message.append("\n  - ").append(failure);
        }
        message.append("\n  reply (HTTP ").append(reply.statusCode()).append("): ")
                .append(ReplyCollector.abbreviate(reply.body()));
        throw new AssertionError(message.toString());
    }
}
