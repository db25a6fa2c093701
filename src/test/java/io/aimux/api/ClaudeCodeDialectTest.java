package io.aimux.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each text tool-call dialect, written by its mock model, reaches a Claude-Code-shaped streaming
 * request as a proper tool_use block.
 */
@QuarkusTest
class ClaudeCodeDialectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Claude Code sends, trimmed: system blocks with cache control, many tools, a large max_tokens. */
    private static String request(String model) {
        return """
                {"model":"%s","max_tokens":32000,"stream":true,
                 "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
                 "metadata":{"user_id":"user_abc_account_def_session_123"},
                 "tool_choice":{"type":"auto"},
                 "tools":[
                   {"name":"Read","description":"Reads a file","input_schema":{"type":"object","properties":{
                      "file_path":{"type":"string"},"offset":{"type":"number"},"limit":{"type":"number"}},
                      "required":["file_path"],"additionalProperties":false}},
                   {"name":"Bash","description":"Runs a command","input_schema":{"type":"object","properties":{
                      "command":{"type":"string"},"timeout":{"type":"number"}},"required":["command"]}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Read the README please."}]}]}"""
                .formatted(model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hermes", "qwen3-xml", "glm", "anthropic-xml", "mistral", "llama", "deepseek", "kimi",
            "harmony", "fenced-json"})
    void dialectBecomesToolUse(String dialect) throws Exception {
        String sse = given().contentType(ContentType.JSON).header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219")
                .body(request("mock/" + dialect)).post("/v1/messages")
                .then().statusCode(200).extract().asString();
        List<JsonNode> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            String[] lines = block.split("\n");
            if (lines.length == 2 && lines[0].startsWith("event: ") && lines[1].startsWith("data: ")) {
                names.add(lines[0].substring(7));
                events.add(JSON.readTree(lines[1].substring(6)));
            }
        }
        assertThat(names.get(0)).isEqualTo("message_start");
        assertThat(names.get(names.size() - 1)).isEqualTo("message_stop");
        List<JsonNode> toolStarts = events.stream()
                .filter(e -> e.path("content_block").path("type").asText().equals("tool_use")).toList();
        assertThat(toolStarts).hasSize(1);
        assertThat(toolStarts.get(0).path("content_block").path("name").asText()).isEqualTo("Read");
        int index = toolStarts.get(0).path("index").asInt();
        StringBuilder input = new StringBuilder();
        events.stream().filter(e -> e.path("index").asInt(-1) == index
                        && e.path("delta").path("type").asText().equals("input_json_delta"))
                .forEach(e -> input.append(e.path("delta").path("partial_json").asText()));
        assertThat(JSON.readTree(input.toString()).path("file_path").isTextual()).isTrue();
        String text = events.stream().filter(e -> e.path("delta").path("type").asText().equals("text_delta"))
                .map(e -> e.path("delta").path("text").asText()).reduce("", String::concat);
        assertThat(text).doesNotContain("tool_call").doesNotContain("<|").doesNotContain("[TOOL_CALLS]")
                .doesNotContain("<invoke").doesNotContain("```json");
        assertThat(events).anySatisfy(e -> assertThat(e.path("delta").path("stop_reason").asText()).isEqualTo("tool_use"));
    }
}
