package io.aimux.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The chat front doors on the built-in mock provider. */
@QuarkusTest
class ChatApiTest {

    static final String WEATHER_TOOL_OPENAI = """
            [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}}}]""";
    static final String WEATHER_TOOL_ANTHROPIC = """
            [{"name":"get_weather","description":"Weather for a city",
              "input_schema":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}}]""";

    @Test
    void openAiEchoAnswersWithTheUserMessage() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"ping from the test\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("mock/echo"))
                .body("choices[0].message.content", equalTo("ping from the test"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.total_tokens", notNullValue());
    }

    @Test
    void openAiStreamEndsWithDoneAndStripsUsageNotAskedFor() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me please\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200).contentType(startsWith("text/event-stream")).extract().asString();
        List<String> data = Sse.data(sse);
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        assertThat(Sse.openAiContent(data)).isEqualTo("stream me please");
        assertThat(data).noneMatch(d -> d.contains("\"usage\""));
    }

    @Test
    void openAiStreamIncludesUsageWhenAsked() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> data = Sse.data(sse);
        assertThat(data.get(data.size() - 2)).contains("\"choices\":[]").contains("\"usage\"");
    }

    @Test
    void openAiStreamedToolCallHasIndexIdAndName() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/tool\",\"stream\":true,\"tools\":" + WEATHER_TOOL_OPENAI
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Lyon?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> data = Sse.data(sse);
        Sse.ToolCalls calls = Sse.openAiToolCalls(data);
        assertThat(calls.names()).containsExactly("get_weather");
        assertThat(calls.arguments().get(0)).contains("\"city\"");
        assertThat(calls.ids().get(0)).isNotBlank();
        assertThat(Sse.openAiFinish(data)).isEqualTo("tool_calls");
    }

    @Test
    void anthropicToolUseStreamFollowsTheEventOrder() {
        String sse = given().contentType(ContentType.JSON).header("anthropic-version", "2026-10-21")
                .body("{\"model\":\"mock/tool\",\"max_tokens\":512,\"stream\":true,\"tools\":" + WEATHER_TOOL_ANTHROPIC
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Lyon?\"}]}")
                .post("/v1/messages").then().statusCode(200).extract().asString();
        List<String> events = Sse.eventNames(sse);
        assertThat(events.get(0)).isEqualTo("message_start");
        assertThat(events).containsSubsequence("content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events.get(events.size() - 1)).isEqualTo("message_stop");
        assertThat(sse).contains("\"type\":\"tool_use\"").contains("\"stop_reason\":\"tool_use\"");
    }

    @Test
    void anthropicNonStreamToolUseHasObjectInput() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/tool\",\"max_tokens\":512,\"tools\":" + WEATHER_TOOL_ANTHROPIC
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}")
                .post("/anthropic/v1/messages").then().statusCode(200)
                .body("type", equalTo("message"))
                .body("stop_reason", equalTo("tool_use"))
                .body("content.find { it.type == 'tool_use' }.name", equalTo("get_weather"))
                .body("content.find { it.type == 'tool_use' }.input.city", notNullValue());
    }

    @Test
    void thinkingReachesAnthropicClientsAsThinkingBlocksWithSignature() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/think\",\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":\"think\"}]}")
                .post("/v1/messages").then().statusCode(200)
                .body("content[0].type", equalTo("thinking"))
                .body("content[0].signature", startsWith("mock-"));
    }

    @Test
    void thinkingReachesOpenAiClientsAsReasoningContent() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/think\",\"messages\":[{\"role\":\"user\",\"content\":\"think about it\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.reasoning_content", notNullValue())
                .body("choices[0].message.content", equalTo("think about it"));
    }

    @Test
    void unknownProviderIs404InEachProtocolsShape() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"nope/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.type", equalTo("not_found_error")).body("error.message", notNullValue());
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"nope/claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(404)
                .body("type", equalTo("error")).body("error.type", equalTo("not_found_error"));
    }

    @Test
    void disabledPresetSaysWhy() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"cerebras/llama-3.3-70b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.message", org.hamcrest.Matchers.containsString("CEREBRAS_API_KEY"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"model\":")
                .post("/v1/chat/completions").then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void duplicateKeysAreRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"model\":\"x/y\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(400);
    }

    @Test
    void nonJsonContentTypeIs415() {
        given().contentType("text/plain").body("{}").post("/v1/messages").then().statusCode(415)
                .body("type", equalTo("error"));
    }

    @Test
    void getOnChatIs405() {
        given().get("/v1/chat/completions").then().statusCode(405).body("error.message", notNullValue());
    }

    @Test
    void upstreamRateLimitKeepsRetryAfter() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/error-429\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(429).header("retry-after", "1")
                .body("error.type", equalTo("rate_limit_error"));
    }

    @Test
    void truncatedStreamEndsWithAnErrorEventNotDone() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/truncated\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cut this off\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> data = Sse.data(sse);
        assertThat(data.get(data.size() - 1)).contains("\"error\"");
        assertThat(data).doesNotContain("[DONE]");
        assertThat(given().get("/q/metrics").asString())
                .containsPattern("aimux_requests_total\\{[^}]*model=\"mock/truncated\"[^}]*outcome=\"upstream_error\"[^}]*stream=\"true\"");
    }

    @Test
    void truncatedAnswerWithoutStreamingIs502() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/truncated\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"cut\"}]}")
                .post("/v1/messages").then().statusCode(502).body("type", equalTo("error"));
    }

    @Test
    void aliasFailsOverOnServerErrors() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"failover-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"second target answers\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", equalTo("second target answers"));
    }

    @Test
    void aliasFailsOverWhenAnAnswerBreaksBeforeTheFirstByte() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"broken-then-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"whole answer\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", equalTo("whole answer"));
    }

    @Test
    void streamsAreNeverSplicedOnceBytesWereSent() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"broken-then-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"first answer only\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> data = Sse.data(sse);
        assertThat(data.get(data.size() - 1)).contains("\"error\"");
        String content = Sse.openAiContent(data.subList(0, data.size() - 1));
        // only the first target's (cut) answer, never followed by the second target's
        assertThat(content).isNotEmpty();
        assertThat("first answer only").startsWith(content);
    }

    @Test
    void aliasDoesNotFailOverOnClientErrors() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"no-failover-on-client-error\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404);
    }

    @Test
    void modelsListInBothShapes() {
        given().get("/v1/models").then().statusCode(200).body("object", equalTo("list"))
                .body("data.id", hasItem("mock/echo")).body("data.id", hasItem("failover-demo"));
        given().header("anthropic-version", "2023-06-01").get("/v1/models").then().statusCode(200)
                .body("data.type", hasItem("model")).body("has_more", equalTo(false));
    }

    @Test
    void countTokensIsAnEstimateForNonAnthropicProviders() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"how many tokens is this?\"}]}")
                .post("/v1/messages/count_tokens").then().statusCode(200)
                .header("x-aimux-token-count", "estimate")
                .body("estimated", equalTo(true))
                .body("input_tokens", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void toonEnvelopeOnRequest() {
        given().contentType(ContentType.JSON).header("x-aimux-output-format", "toon")
                .body("{\"model\":\"mock/tool\",\"tools\":" + WEATHER_TOOL_OPENAI
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("format", equalTo("toon")).body("provider", equalTo("mock"))
                .body("tool_calls[0].name", equalTo("get_weather"))
                .body("tool_calls[0].arguments.city", notNullValue())
                .body("metadata.finish_reason", equalTo("tool_calls"));
        given().contentType(ContentType.JSON).header("x-aimux-output-format", "yaml")
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(400);
    }

    @Test
    void metricsCountRequestsWithBoundedLabels() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"metrics\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"nope-marker-xyz/gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"metrics\"}]}")
                .post("/v1/chat/completions").then().statusCode(404);
        Response metrics = given().get("/q/metrics");
        String text = metrics.asString();
        assertThat(text).contains("aimux_requests_total{").contains("model=\"mock/echo\"")
                .contains("aimux_gateway_overhead_seconds_bucket").contains("aimux_time_to_first_token_seconds");
        assertThat(text).doesNotContain("nope-marker-xyz");
    }

    @Test
    void probesAnswer() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'providers' }.data.enabled", notNullValue());
        given().get("/q/health/started").then().statusCode(200);
    }

    /** Small SSE reader for assertions. */
    static final class Sse {
        record ToolCalls(List<String> ids, List<String> names, List<String> arguments) {}

        static List<String> data(String body) {
            List<String> out = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                for (String line : block.split("\n")) {
                    if (line.startsWith("data: ")) {
                        out.add(line.substring(6));
                    }
                }
            }
            return out;
        }

        static List<String> eventNames(String body) {
            List<String> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("event: ")) {
                    out.add(line.substring(7));
                }
            }
            return out;
        }

        static String openAiContent(List<String> data) {
            StringBuilder out = new StringBuilder();
            for (String d : data) {
                if (!d.equals("[DONE]")) {
                    io.restassured.path.json.JsonPath json = new io.restassured.path.json.JsonPath(d);
                    String piece = json.getString("choices[0].delta.content");
                    if (piece != null) {
                        out.append(piece);
                    }
                }
            }
            return out.toString();
        }

        static String openAiFinish(List<String> data) {
            String finish = null;
            for (String d : data) {
                if (!d.equals("[DONE]")) {
                    String f = new io.restassured.path.json.JsonPath(d).getString("choices[0].finish_reason");
                    if (f != null) {
                        finish = f;
                    }
                }
            }
            return finish;
        }

        static ToolCalls openAiToolCalls(List<String> data) {
            List<String> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> args = new ArrayList<>();
            for (String d : data) {
                if (d.equals("[DONE]")) {
                    continue;
                }
                List<java.util.Map<String, Object>> calls = new io.restassured.path.json.JsonPath(d).getList("choices[0].delta.tool_calls");
                if (calls == null) {
                    continue;
                }
                for (java.util.Map<String, Object> call : calls) {
                    int index = (Integer) call.get("index");
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> function = (java.util.Map<String, Object>) call.get("function");
                    if (index == ids.size()) {
                        ids.add((String) call.get("id"));
                        names.add((String) function.get("name"));
                        args.add("");
                    }
                    Object fragment = function == null ? null : function.get("arguments");
                    if (fragment != null) {
                        args.set(index, args.get(index) + fragment);
                    }
                }
            }
            return new ToolCalls(ids, names, args);
        }
    }
}
