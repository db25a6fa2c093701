package io.aimux.api.responses;

import static io.aimux.api.responses.ResponsesApiTest.events;
import static io.aimux.api.responses.ResponsesApiTest.types;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/responses} over fake upstreams of both chat dialects ({@code rco} OpenAI-type,
 * {@code rca} Anthropic-type) and over one that speaks Responses itself ({@code rnative}).
 */
@QuarkusTest
@QuarkusTestResource(value = ResponsesUpstream.class, restrictToAnnotatedClass = true)
class ResponsesUpstreamTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String WEATHER = ResponsesApiTest.WEATHER;
    static final String APPLY_PATCH = "[{\"type\":\"custom\",\"name\":\"apply_patch\",\"description\":\"Applies a patch\","
            + "\"format\":{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: /.+/\"}}]";

    @BeforeEach
    void clear() {
        ResponsesUpstream.SEEN.clear();
    }

    private static List<JsonNode> stream(String body) throws Exception {
        String sse = given().contentType(ContentType.JSON).body(body).post("/v1/responses")
                .then().statusCode(200).extract().asString();
        return events(sse);
    }

    /**
     * Streams a request whose upstream holds its failure until the client read its first text
     * delta, so the failure arrives after the first byte.
     */
    private static List<JsonNode> streamWithLateFailure(String body) throws Exception {
        ResponsesUpstream.release = new java.util.concurrent.CountDownLatch(1);
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/v1/responses"))
                    .timeout(java.time.Duration.ofSeconds(30)).header("content-type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            java.net.http.HttpResponse<java.util.stream.Stream<String>> response =
                    client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            StringBuilder sse = new StringBuilder();
            response.body().forEach(line -> {
                sse.append(line).append('\n');
                if (line.startsWith("event: response.output_text.delta")) {
                    ResponsesUpstream.release.countDown();
                }
            });
            return events(sse.toString());
        } finally {
            ResponsesUpstream.release.countDown();
        }
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }

    private static List<JsonNode> doneItems(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .map(e -> e.path("item")).toList();
    }

    private static JsonNode lastSeen() throws Exception {
        List<ResponsesUpstream.Seen> seen = ResponsesUpstream.SEEN;
        assertThat(seen).isNotEmpty();
        return MAPPER.readTree(seen.get(seen.size() - 1).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rco", "rca"})
    void textAnswerStreamsTheFullSequence(String provider) throws Exception {
        List<JsonNode> events = stream("{\"model\":\"" + provider + "/text\",\"stream\":true,\"input\":\"hello\"}");
        List<String> types = types(events);
        assertThat(types.subList(0, 3)).containsExactly("response.created", "response.in_progress", "response.output_item.added");
        assertThat(types).contains("response.output_text.delta", "response.output_text.done", "response.content_part.done");
        JsonNode completed = last(events);
        assertThat(completed.path("type").asText()).isEqualTo("response.completed");
        assertThat(completed.path("response").path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("hi there");
        assertThat(completed.path("response").path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    void reasoningTokensOfAnOpenAiTypeUpstreamReachTheUsage() throws Exception {
        JsonNode usage = last(stream("{\"model\":\"rco/text\",\"stream\":true,\"input\":\"hello\"}")).path("response").path("usage");
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(3);
        assertThat(usage.path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(2);
        given().contentType(ContentType.JSON).body("{\"model\":\"rco/text\",\"input\":\"hello\"}").post("/v1/responses")
                .then().statusCode(200).body("usage.output_tokens_details.reasoning_tokens", equalTo(3))
                .body("output[0].content[0].text", equalTo("hi there"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rco", "rca"})
    void toolCallIsAFunctionCallItemWithItsArguments(String provider) throws Exception {
        List<JsonNode> events = stream("{\"model\":\"" + provider + "/tool\",\"stream\":true,\"input\":\"weather?\",\"tools\":" + WEATHER + "}");
        JsonNode call = doneItems(events).stream().filter(i -> i.path("type").asText().equals("function_call")).findFirst().orElseThrow();
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(MAPPER.readTree(call.path("arguments").asText()).path("city").asText()).isEqualTo("Paris");
        assertThat(call.path("call_id").asText()).isNotEmpty();
        assertThat(last(events).path("type").asText()).isEqualTo("response.completed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rco", "rca"})
    void customToolRoundTrip(String provider) throws Exception {
        String model = provider + "/custom";
        List<JsonNode> events = stream("{\"model\":\"" + model + "\",\"stream\":true,\"store\":false,\"input\":\"patch it\",\"tools\":"
                + APPLY_PATCH + "}");
        JsonNode call = doneItems(events).stream().filter(i -> i.path("type").asText().equals("custom_tool_call")).findFirst().orElseThrow();
        assertThat(call.path("name").asText()).isEqualTo("apply_patch");
        assertThat(call.path("input").asText()).isEqualTo(ResponsesUpstream.PATCH);
        assertThat(events.stream().anyMatch(e -> e.path("type").asText().equals("response.custom_tool_call_input.done"))).isTrue();

        ArrayNode input = MAPPER.createArrayNode();
        input.addObject().put("role", "user").put("content", "patch it");
        input.add(call);
        input.addObject().put("type", "custom_tool_call_output").put("call_id", call.path("call_id").asText()).put("output", "Done!");
        ObjectNode next = MAPPER.createObjectNode().put("model", model).put("stream", true).put("store", false);
        next.set("input", input);
        next.set("tools", MAPPER.readTree(APPLY_PATCH));
        List<JsonNode> second = stream(next.toString());
        assertThat(last(second).path("type").asText()).isEqualTo("response.completed");
        assertThat(last(second).path("response").path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("tool said so");

        JsonNode sent = lastSeen();
        String callId = call.path("call_id").asText();
        if (provider.equals("rco")) {
            JsonNode assistant = sent.path("messages").get(1);
            JsonNode fn = assistant.path("tool_calls").get(0);
            assertThat(fn.path("id").asText()).isEqualTo(callId);
            assertThat(fn.path("function").path("name").asText()).isEqualTo("apply_patch");
            assertThat(MAPPER.readTree(fn.path("function").path("arguments").asText()).path("input").asText()).isEqualTo(ResponsesUpstream.PATCH);
            JsonNode result = sent.path("messages").get(2);
            assertThat(result.path("role").asText()).isEqualTo("tool");
            assertThat(result.path("tool_call_id").asText()).isEqualTo(callId);
            assertThat(result.path("content").toString()).contains("Done!");
        } else {
            JsonNode use = sent.path("messages").get(1).path("content").get(0);
            assertThat(use.path("type").asText()).isEqualTo("tool_use");
            assertThat(use.path("name").asText()).isEqualTo("apply_patch");
            assertThat(use.path("input").path("input").asText()).isEqualTo(ResponsesUpstream.PATCH);
            JsonNode result = sent.path("messages").get(2).path("content").get(0);
            assertThat(result.path("type").asText()).isEqualTo("tool_result");
            assertThat(result.path("tool_use_id").asText()).isEqualTo(use.path("id").asText());
            assertThat(result.path("content").toString()).contains("Done!");
        }
    }

    @Test
    void signedThinkingOfAnAnthropicTypeUpstreamRoundTripsAsAReasoningItem() throws Exception {
        String request = "{\"model\":\"rca/think\",\"stream\":true,\"store\":false,\"include\":[\"reasoning.encrypted_content\"],"
                + "\"reasoning\":{\"effort\":\"low\",\"summary\":\"auto\"},\"input\":\"weather?\",\"tools\":" + WEATHER + "}";
        List<JsonNode> events = stream(request);
        List<JsonNode> items = doneItems(events);
        JsonNode reasoning = items.get(0);
        assertThat(reasoning.path("type").asText()).isEqualTo("reasoning");
        assertThat(reasoning.path("summary").get(0).path("text").asText()).isEqualTo("weighing it");
        assertThat(reasoning.path("encrypted_content").asText()).startsWith("aimux.v1.");
        assertThat(types(events)).contains("response.reasoning_summary_text.delta", "response.reasoning_summary_part.done");
        JsonNode call = items.get(1);
        assertThat(call.path("type").asText()).isEqualTo("function_call");

        ObjectNode next = (ObjectNode) MAPPER.readTree(request);
        ArrayNode input = next.putArray("input");
        input.addObject().put("role", "user").put("content", "weather?");
        input.add(reasoning);
        input.add(call);
        input.addObject().put("type", "function_call_output").put("call_id", call.path("call_id").asText()).put("output", "sunny");
        assertThat(last(stream(next.toString())).path("type").asText()).isEqualTo("response.completed");

        JsonNode assistant = lastSeen().path("messages").get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        JsonNode thinking = assistant.path("content").get(0);
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("thinking").asText()).isEqualTo("weighing it");
        assertThat(thinking.path("signature").asText()).isEqualTo(ResponsesUpstream.SIGNATURE);
        assertThat(assistant.path("content").get(1).path("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void reasoningOfAnOpenAiTypeUpstreamIsASummaryWithoutEncryptedContent() throws Exception {
        List<JsonNode> events = stream("{\"model\":\"rco/think\",\"stream\":true,\"include\":[\"reasoning.encrypted_content\"],"
                + "\"input\":\"weather?\",\"tools\":" + WEATHER + "}");
        JsonNode reasoning = doneItems(events).get(0);
        assertThat(reasoning.path("type").asText()).isEqualTo("reasoning");
        assertThat(reasoning.path("summary").get(0).path("text").asText()).isEqualTo("weighing it");
        assertThat(reasoning.has("encrypted_content")).isFalse(); // nothing signed to carry back
    }

    @Test
    void upstreamErrorsBeforeTheFirstByteKeepTheirStatus() {
        for (String provider : List.of("rco", "rca")) {
            given().contentType(ContentType.JSON).body("{\"model\":\"" + provider + "/limited\",\"stream\":true,\"input\":\"x\"}")
                    .post("/v1/responses").then().statusCode(429).body("error.type", equalTo("rate_limit_error"));
            given().contentType(ContentType.JSON).body("{\"model\":\"" + provider + "/overflow\",\"stream\":true,\"input\":\"x\"}")
                    .post("/v1/responses").then().statusCode(400).body("error.type", equalTo("invalid_request_error"))
                    .body("error.message", containsString("context length"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rco/late", "rca/late", "rco/broken", "rca/broken"})
    void failureAfterTheFirstByteEndsWithResponseFailed(String model) throws Exception {
        List<JsonNode> events = streamWithLateFailure("{\"model\":\"" + model + "\",\"stream\":true,\"input\":\"x\"}");
        assertThat(types(events)).contains("response.output_text.delta").doesNotContain("response.completed", "error");
        JsonNode failed = last(events);
        assertThat(failed.path("type").asText()).isEqualTo("response.failed");
        assertThat(failed.path("response").path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("response").path("error").path("code").asText()).isEqualTo("server_error");
    }

    // ---- what Codex and the Agents SDK sent, replayed ----

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> recordedRequests() throws Exception {
        java.nio.file.Path corpus = java.nio.file.Path.of("src/test/resources/agent-requests");
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<org.junit.jupiter.params.provider.Arguments> cases = new java.util.ArrayList<>();
        for (java.nio.file.Path file : files) {
            if (MAPPER.readTree(file.toFile()).path("body").has("input")) {
                for (String model : List.of("mock/echo", "rco/text", "rca/text")) {
                    cases.add(org.junit.jupiter.params.provider.Arguments.of(corpus.relativize(file).toString(), model));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(24);
        return cases.stream();
    }

    /**
     * Each recorded Responses request of Codex and the Agents SDK, sent through the gateway to the
     * mock and to both upstream dialects: a 2xx, a well-formed answer, and a valid translated
     * request upstream.
     */
    @ParameterizedTest(name = "{0} via {1}")
    @org.junit.jupiter.params.provider.MethodSource("recordedRequests")
    void recordedAgentRequestsReplay(String file, String model) throws Exception {
        JsonNode recording = MAPPER.readTree(java.nio.file.Path.of("src/test/resources/agent-requests", file).toFile());
        ObjectNode body = (ObjectNode) recording.get("body").deepCopy();
        body.put("model", model);
        boolean streamed = body.path("stream").asBoolean(false);
        io.restassured.specification.RequestSpecification request = given().contentType(ContentType.JSON);
        recording.path("headers").properties().forEach(h -> {
            if (h.getKey().startsWith("x-codex-") || h.getKey().equals("originator")) {
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        String answer = request.body(body.toString()).post("/v1/responses").then().statusCode(200).extract().asString();
        JsonNode response;
        if (streamed) {
            List<JsonNode> events = events(answer);
            assertThat(types(events).get(0)).isEqualTo("response.created");
            assertThat(last(events).path("type").asText()).isEqualTo("response.completed");
            for (JsonNode item : doneItems(events)) {
                assertThat(item.path("status").asText("completed")).isEqualTo("completed");
            }
            response = last(events).path("response");
        } else {
            response = MAPPER.readTree(answer);
        }
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("output").size()).isPositive();
        assertThat(response.path("store").asBoolean()).isEqualTo(body.path("store").asBoolean(true));
        if (model.startsWith("mock/")) {
            return;
        }
        JsonNode sent = lastSeen();
        assertThat(sent.path("model").asText()).isEqualTo("text");
        if (model.startsWith("rco/")) {
            assertThat(ResponsesUpstream.SEEN.get(ResponsesUpstream.SEEN.size() - 1).path()).isEqualTo("/v1/chat/completions");
            sent.path("messages").forEach(m -> assertThat(m.path("role").asText()).isIn("system", "developer", "user", "assistant", "tool"));
            sent.path("tools").forEach(t -> assertThat(t.path("function").path("name").asText()).isNotEmpty());
            assertThat(sent.toString()).doesNotContain("thinking_blocks").doesNotContain("client_metadata");
        } else {
            assertThat(ResponsesUpstream.SEEN.get(ResponsesUpstream.SEEN.size() - 1).path()).isEqualTo("/v1/messages");
            String previous = "assistant";
            for (JsonNode message : sent.path("messages")) {
                String role = message.path("role").asText();
                assertThat(role).isIn("user", "assistant").isNotEqualTo(previous); // alternating, starting with user
                previous = role;
            }
            sent.path("tools").forEach(t -> assertThat(t.path("input_schema").path("type").asText()).isEqualTo("object"));
        }
    }

    // ---- an upstream that speaks Responses itself ----

    @Test
    void nativeUpstreamStreamIsRelayedWithTheModelRewritten() throws Exception {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"rnative/text\",\"stream\":true,\"input\":\"hello\",\"store\":false,\"prompt_cache_key\":\"k1\"}")
                .post("/v1/responses").then().statusCode(200).extract().asString();
        List<JsonNode> events = events(sse);
        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.output_text.delta", "response.output_item.done", "response.completed");
        assertThat(last(events).path("response").path("id").asText()).isEqualTo("resp_upstream1"); // the upstream's own bytes
        JsonNode sent = lastSeen();
        assertThat(ResponsesUpstream.SEEN.get(0).path()).isEqualTo("/v1/responses");
        assertThat(sent.path("model").asText()).isEqualTo("text");
        assertThat(sent.path("input").asText()).isEqualTo("hello");
        assertThat(sent.path("prompt_cache_key").asText()).isEqualTo("k1"); // fields relayed as they came
        assertThat(sent.has("stream_options")).isFalse();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("aimux_tokens_total") && l.contains("provider=\"rnative\"")
                && l.contains("type=\"output\""))).as("usage read from response.completed").isNotEmpty();
    }

    @Test
    void aConversationTheGatewayStoredGoesToANativeUpstreamAsInputItems() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"model\":\"rca/text\",\"input\":\"first turn\"}")
                .post("/v1/responses").then().statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"rnative/text\",\"previous_response_id\":\"" + id + "\",\"input\":\"second turn\"}")
                .post("/v1/responses").then().statusCode(200).body("id", equalTo("resp_upstream1"));
        JsonNode sent = lastSeen();
        assertThat(sent.has("previous_response_id")).isFalse(); // the upstream does not know the gateway's ids
        JsonNode input = sent.path("input");
        assertThat(input.size()).isEqualTo(3);
        assertThat(input.get(0).path("content").get(0).path("text").asText()).isEqualTo("first turn");
        assertThat(input.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(input.get(1).path("content").get(0).path("text").asText()).isEqualTo("hi there");
        assertThat(input.get(2).path("content").get(0).path("text").asText()).isEqualTo("second turn");
    }

    @Test
    void nativeUpstreamBodyIsRelayed() {
        given().contentType(ContentType.JSON).body("{\"model\":\"rnative/text\",\"input\":\"hello\"}").post("/v1/responses")
                .then().statusCode(200).body("id", equalTo("resp_upstream1"))
                .body("output[0].content[0].text", equalTo("native hello"))
                .body("usage.output_tokens_details.reasoning_tokens", equalTo(2));
    }

    @Test
    void nativeStreamThatBreaksOffEndsWithResponseFailedNumberedAfterIt() throws Exception {
        List<JsonNode> events = streamWithLateFailure("{\"model\":\"rnative/broken\",\"stream\":true,\"input\":\"hello\"}");
        JsonNode failed = last(events);
        assertThat(failed.path("type").asText()).isEqualTo("response.failed");
        assertThat(failed.path("sequence_number").asInt()).isEqualTo(4);
        assertThat(types(events)).doesNotContain("response.completed");
    }

    @Test
    void nativeUpstreamErrorBeforeTheFirstByteKeepsItsStatus() {
        given().contentType(ContentType.JSON).body("{\"model\":\"rnative/limited\",\"stream\":true,\"input\":\"x\"}")
                .post("/v1/responses").then().statusCode(429).body("error.type", equalTo("rate_limit_error"));
    }

    @Test
    void chatClientsOfANativeResponsesProviderGetTheirOwnProtocol() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"rnative/text\",\"max_tokens\":50,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", equalTo("native hello"))
                .body("usage.completion_tokens", equalTo(4))
                .body("usage.completion_tokens_details.reasoning_tokens", equalTo(2))
                .body("usage.prompt_tokens_details.cached_tokens", equalTo(1));
        JsonNode sent = lastSeen();
        assertThat(ResponsesUpstream.SEEN.get(0).path()).isEqualTo("/v1/responses");
        assertThat(sent.path("model").asText()).isEqualTo("text");
        assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(50);
        assertThat(sent.path("store").asBoolean(true)).isFalse();
        assertThat(sent.path("input").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("input").get(1).path("content").get(0).path("text").asText()).isEqualTo("hi");
        assertThat(sent.has("messages")).isFalse();

        String sse = given().contentType(ContentType.JSON).header("anthropic-version", "2023-06-01")
                .body("{\"model\":\"rnative/text\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertThat(sse).contains("\"text\":\"native hello\"").contains("event: message_stop");
    }

    @Test
    void chatClientsGetToolCallsAndToolResultsThroughANativeResponsesProvider() throws Exception {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"rnative/tool\",\"stream\":true,\"tools\":" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThat(sse).contains("\"name\":\"get_weather\"").contains("\"finish_reason\":\"tool_calls\"").contains("data: [DONE]");
        JsonNode sent = lastSeen();
        assertThat(sent.path("tools").get(0).path("type").asText()).isEqualTo("function");
        assertThat(sent.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"rnative/text\",\"tools\":" + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_up1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"call_up1\",\"content\":\"sunny\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        JsonNode input = lastSeen().path("input");
        assertThat(input.get(1).path("type").asText()).isEqualTo("function_call");
        assertThat(input.get(1).path("call_id").asText()).isEqualTo("call_up1");
        assertThat(input.get(2).path("type").asText()).isEqualTo("function_call_output");
        assertThat(input.get(2).path("output").asText()).isEqualTo("sunny");
    }
}
