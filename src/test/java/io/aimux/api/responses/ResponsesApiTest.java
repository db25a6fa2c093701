package io.aimux.api.responses;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /v1/responses} on the built-in mock provider: JSON, SSE, tools, the prettifier, stored responses. */
@QuarkusTest
class ResponsesApiTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String WEATHER = """
            [{"type":"function","name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    /** The data payloads of an SSE body, parsed, after checking each event name equals its type. */
    static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            JsonNode node = MAPPER.readTree(data);
            assertThat(node.path("type").asText()).isEqualTo(event);
            out.add(node);
        }
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        return out;
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    @Test
    void plainTextAnswerAsJson() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"input\":\"hello responses\"}")
                .post("/v1/responses")
                .then().statusCode(200)
                .body("object", equalTo("response"))
                .body("status", equalTo("completed"))
                .body("id", startsWith("resp_"))
                .body("output[0].type", equalTo("message"))
                .body("output[0].content[0].type", equalTo("output_text"))
                .body("output[0].content[0].text", equalTo("hello responses"))
                .body("usage.input_tokens_details.cached_tokens", equalTo(0))
                .body("usage.output_tokens_details.reasoning_tokens", equalTo(0));
    }

    @Test
    void streamedTextFollowsTheEventSequence() throws Exception {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"stream this\"}]}]}")
                .post("/v1/responses")
                .then().statusCode(200).contentType(startsWith("text/event-stream")).extract().asString();
        List<JsonNode> events = events(sse);
        List<String> types = types(events);
        assertThat(types.subList(0, 4)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added");
        assertThat(types).contains("response.output_text.delta");
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
    }

    @Test
    void functionCallComesBackAsAnItemAndItsOutputContinuesTheLoop() {
        Response first = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/tool\",\"input\":\"weather in Paris?\",\"tools\":" + WEATHER + "}")
                .post("/v1/responses");
        first.then().statusCode(200).body("output[0].type", equalTo("function_call"))
                .body("output[0].name", equalTo("get_weather"))
                .body("output[0].status", equalTo("completed"));
        String callId = first.path("output[0].call_id");
        String id = first.path("id");
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/tool\",\"previous_response_id\":\"" + id + "\",\"tools\":" + WEATHER
                        + ",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"sunny, 21 C\"}]}")
                .post("/v1/responses")
                .then().statusCode(200)
                .body("previous_response_id", equalTo(id))
                .body("output[0].type", equalTo("message"));
    }

    @Test
    void toolCallWrittenAsTextBecomesAFunctionCallItem() throws Exception {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/hermes\",\"stream\":true,\"input\":\"weather in Paris?\",\"tools\":" + WEATHER + "}")
                .post("/v1/responses")
                .then().statusCode(200).extract().asString();
        List<JsonNode> events = events(sse);
        JsonNode call = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done")
                && e.path("item").path("type").asText().equals("function_call")).findFirst().orElseThrow().path("item");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(MAPPER.readTree(call.path("arguments").asText()).path("city").isTextual()).isTrue();
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("response.completed");
    }

    @Test
    void customToolsTakeOneStringAndComeBackAsCustomToolCalls() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/tool\",\"input\":\"patch it\",\"tools\":[{\"type\":\"custom\",\"name\":\"apply_patch\","
                        + "\"description\":\"Applies a patch\",\"format\":{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: /.+/\"}}]}")
                .post("/v1/responses")
                .then().statusCode(200)
                .body("output[0].type", equalTo("custom_tool_call"))
                .body("output[0].name", equalTo("apply_patch"))
                .body("output[0].call_id", startsWith("call_"));
    }

    @Test
    void truncatedAnswerIsIncompleteWithItsReason() throws Exception {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/length\",\"stream\":true,\"max_output_tokens\":3,\"input\":\"a long sentence that will not fit in three tokens at all\"}")
                .post("/v1/responses").then().statusCode(200).extract().asString();
        List<JsonNode> events = events(sse);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
        assertThat(last.path("response").path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    }

    @Test
    void storedResponseLifecycle() {
        Response created = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"input\":\"remember me\"}").post("/v1/responses");
        String id = created.path("id");
        given().get("/v1/responses/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("output[0].content[0].text", equalTo("remember me"));
        given().get("/v1/responses/" + id + "/input_items").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].content[0].text", equalTo("remember me"))
                .body("has_more", equalTo(false));
        given().delete("/v1/responses/" + id).then().statusCode(200).body("deleted", equalTo(true))
                .body("object", equalTo("response.deleted"));
        given().get("/v1/responses/" + id).then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void storeFalseKeepsNothing() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"store\":false,\"input\":\"forget me\"}").post("/v1/responses")
                .then().statusCode(200).body("store", equalTo(false)).extract().path("id");
        given().get("/v1/responses/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"previous_response_id\":\"" + id + "\",\"input\":\"again\"}").post("/v1/responses")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("previous_response_not_found"))
                .body("error.param", equalTo("previous_response_id"));
    }

    @Test
    void previousResponseCarriesTheConversation() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"input\":\"first turn\"}").post("/v1/responses").path("id");
        String second = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"previous_response_id\":\"" + id + "\",\"input\":\"second turn\"}")
                .post("/v1/responses").then().statusCode(200).extract().path("id");
        // the input items of the second response: the first turn (input and output), then its own input
        given().queryParam("order", "asc").get("/v1/responses/" + second + "/input_items").then().statusCode(200)
                .body("data.size()", equalTo(3))
                .body("data[0].content[0].text", equalTo("first turn"))
                .body("data[1].role", equalTo("assistant"))
                .body("data[2].content[0].text", equalTo("second turn"));
    }

    @Test
    void badInputIsRefusedInTheOpenAiShapeNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_hologram\"}]}]}")
                .post("/v1/responses").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("input[0].content[0].type"));
        given().contentType(ContentType.JSON).body("{\"model\":\"mock/echo\",\"input\":\"x\",\"background\":true}")
                .post("/v1/responses").then().statusCode(400).body("error.message", startsWith("background"));
        given().contentType(ContentType.JSON).body("{\"model\":\"mock/echo\"}")
                .post("/v1/responses").then().statusCode(400).body("error.message", startsWith("input"));
        given().contentType(ContentType.JSON).body("not json").post("/v1/responses").then().statusCode(400);
        given().get("/v1/responses").then().statusCode(405);
    }

    @Test
    void upstreamErrorBeforeTheFirstByteKeepsItsStatus() {
        given().contentType(ContentType.JSON).body("{\"model\":\"mock/error-429\",\"stream\":true,\"input\":\"x\"}")
                .post("/v1/responses").then().statusCode(429).body("error.type", equalTo("rate_limit_error"));
    }

    @Test
    void turnStateHeaderIsEchoed() {
        given().contentType(ContentType.JSON).header("x-codex-turn-state", "sticky-42")
                .body("{\"model\":\"mock/echo\",\"input\":\"x\"}").post("/v1/responses")
                .then().statusCode(200).header("x-codex-turn-state", equalTo("sticky-42"));
    }
}
