package io.aimux.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What current clients send, end to end: Claude Code's recorded first request to a third-party
 * Anthropic-type host, a first-party one and an OpenAI-type one; blocks the gateway does not
 * interpret; failures that keep their kind; every path under both base paths.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedUpstream.class, restrictToAnnotatedClass = true)
class CurrentClientsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Claude Code's first request of a tool loop, as recorded (body and headers). */
    static JsonNode recorded(String file) throws IOException {
        try (InputStream in = CurrentClientsTest.class.getResourceAsStream("/agent-requests/claude-code/" + file)) {
            return MAPPER.readTree(in);
        }
    }

    @BeforeEach
    void forget() {
        ScriptedUpstream.SEEN.clear();
    }

    private static Response sendRecorded(JsonNode recording, String model, String path) {
        ObjectNode body = recording.get("body").deepCopy();
        body.put("model", model);
        var request = given().contentType("application/json").body(body.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = recording.get("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getKey().startsWith("anthropic-")) {
                request = request.header(header.getKey(), header.getValue().asText());
            }
        }
        return request.post(path + "?beta=true");
    }

    private static JsonNode upstreamBody(int index) throws IOException {
        return MAPPER.readTree(ScriptedUpstream.SEEN.get(index).body());
    }

    @Test
    void claudeCodeToAThirdPartyAnthropicHostIsFittedToWhatItTakes() throws IOException {
        JsonNode recording = recorded("01-anthropic-tools.json");
        sendRecorded(recording, "ahost/plain", "/v1/messages").then().statusCode(200)
                .body(containsString("event: message_stop"));
        assertThat(ScriptedUpstream.SEEN).hasSize(1);
        ScriptedUpstream.Seen seen = ScriptedUpstream.SEEN.get(0);
        JsonNode sent = upstreamBody(0);
        assertThat(seen.path()).isEqualTo("/v1/messages");
        assertThat(seen.header("x-api-key")).isEqualTo("ahost-key-0000");
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        String betas = seen.header("anthropic-beta");
        assertThat(betas).contains("claude-code-20250219").contains("interleaved-thinking-2025-05-14")
                .contains("mid-conversation-tool-changes-2026-07-01")
                .doesNotContain("context-management-").doesNotContain("advanced-tool-use-");
        assertThat(sent.get("model").asText()).isEqualTo("plain");
        sent.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("user", "assistant"));
        assertThat(sent.get("messages").toString()).contains("<system-reminder>");
        sent.get("tools").forEach(t -> assertThat(t.has("defer_loading")).isFalse());
        // the placeholder Claude Code defers is not offered until a tool_reference loads it
        assertThat(sent.get("tools")).hasSize(recording.at("/body/tools").size() - 1);
        assertThat(sent.get("tools").toString()).doesNotContain("DeferredToolPlaceholder");
        assertThat(sent.has("metadata")).as("device identifiers stay with the client").isFalse();
        assertThat(sent.has("context_management")).isFalse();
        assertThat(sent.get("system").toString()).doesNotContain("x-anthropic-billing-header");
        // what the host does take arrives as sent
        assertThat(sent.get("thinking")).isEqualTo(recording.at("/body/thinking"));
        assertThat(sent.get("output_config")).isEqualTo(recording.at("/body/output_config"));
    }

    @Test
    void claudeCodeToAFirstPartyHostIsRelayedAsSent() throws IOException {
        JsonNode recording = recorded("02-anthropic-tool-result.json");
        sendRecorded(recording, "afirst/plain", "/anthropic/v1/messages").then().statusCode(200);
        ScriptedUpstream.Seen seen = ScriptedUpstream.SEEN.get(0);
        ObjectNode expected = recording.get("body").deepCopy();
        expected.put("model", "plain");
        assertThat(upstreamBody(0)).isEqualTo(expected);
        assertThat(seen.header("anthropic-beta")).isEqualTo(recording.at("/headers/anthropic-beta").asText());
        assertThat(seen.header("x-claude-code-session-id")).as("only allow-listed client headers go upstream").isNull();
    }

    @Test
    void claudeCodeToAnOpenAiTypeHostKeepsTheSystemMessageInPlace() throws IOException {
        JsonNode recording = recorded("02-anthropic-tool-result.json");
        sendRecorded(recording, "oai/plain", "/v1/messages").then().statusCode(200)
                .body(containsString("event: message_stop"));
        ScriptedUpstream.Seen seen = ScriptedUpstream.SEEN.get(0);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("anthropic-beta")).isNull();
        assertThat(seen.header("anthropic-version")).isNull();
        JsonNode messages = upstreamBody(0).get("messages");
        List<String> roles = new java.util.ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        // system prompt, first user turn, the mid-conversation instruction, then the tool round
        assertThat(roles).containsExactly("system", "user", "system", "assistant", "tool");
        assertThat(messages.get(0).get("content").asText()).doesNotContain("x-anthropic-billing-header");
        assertThat(upstreamBody(0).has("user")).isFalse();
        assertThat(upstreamBody(0).has("safety_identifier")).isFalse();
    }

    @Test
    void blocksTheGatewayDoesNotInterpretReachAnthropicClients() {
        // tools declared and the prettifier on: the answer is decoded, not relayed byte for byte
        String sse = given().contentType("application/json").body(("{'model':'ahost/server-tools','max_tokens':100,'stream':true,"
                + "'tools':[{'name':'Read','input_schema':{'type':'object'}}],'messages':[{'role':'user','content':'search'}]}")
                .replace('\'', '"')).post("/v1/messages").then().statusCode(200).extract().asString();
        assertThat(sse).contains("\"type\":\"server_tool_use\"").contains("\\\"query\\\":\\\"aimux\\\"")
                .contains("\"type\":\"web_search_tool_result\"").contains("\"type\":\"citations_delta\"")
                .contains("found it").contains("event: message_stop");
        assertThat(sse.indexOf("server_tool_use")).isLessThan(sse.indexOf("web_search_tool_result"));
        assertThat(sse.indexOf("web_search_tool_result")).isLessThan(sse.indexOf("found it"));
    }

    @Test
    void anOverloadedUpstreamStaysOverloaded() {
        given().contentType("application/json").body("{\"model\":\"ahost/overloaded\",\"max_tokens\":10,\"stream\":true,"
                + "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(529).body("error.type", equalTo("overloaded_error"));
    }

    @Test
    void aRateLimitKeepsItsStatusAndRetryAfter() {
        given().contentType("application/json").body("{\"model\":\"ahost/limited\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(429).header("retry-after", "7")
                .body("error.type", equalTo("rate_limit_error"));
    }

    @Test
    void countTokensUnderBothBasePaths() throws IOException {
        JsonNode recording = recorded("01-anthropic-tools.json");
        for (String base : new String[] {"", "/anthropic"}) {
            ScriptedUpstream.SEEN.clear();
            sendRecorded(countable(recording), "ahost/plain", base + "/v1/messages/count_tokens").then().statusCode(200)
                    .body("input_tokens", equalTo(42));
            assertThat(ScriptedUpstream.SEEN.get(0).path()).isEqualTo("/v1/messages/count_tokens");
            assertThat(ScriptedUpstream.SEEN.get(0).header("anthropic-beta")).contains("claude-code-20250219");
            assertThat(upstreamBody(0).get("messages").toString()).doesNotContain("\"role\":\"system\"");

            Response estimate = sendRecorded(countable(recording), "oai/plain", base + "/v1/messages/count_tokens");
            estimate.then().statusCode(200).header("x-aimux-token-count", "estimate").body("estimated", equalTo(true));
            // twelve tools and a long system prompt: thousands of tokens, not a handful
            assertThat(estimate.jsonPath().getInt("input_tokens")).isGreaterThan(2000);
        }
    }

    /** A count request carries no max_tokens or stream. */
    private static JsonNode countable(JsonNode recording) {
        ObjectNode copy = recording.deepCopy();
        ((ObjectNode) copy.get("body")).remove(List.of("max_tokens", "stream"));
        return copy;
    }

    @Test
    void modelsUnderBothBasePaths() {
        given().header("anthropic-version", "2023-06-01").get("/v1/models").then().statusCode(200)
                .body("has_more", equalTo(false));
        given().get("/anthropic/v1/models").then().statusCode(200).body("has_more", equalTo(false));
    }

    @Test
    void sameProtocolRelaysWhatTheGatewayDoesNotKnow() throws IOException {
        // a role, a part type and a field newer than the gateway: the upstream is the authority
        given().contentType("application/json").body(("{'model':'oai/plain','future_field':{'x':1},"
                + "'messages':[{'role':'critic','content':[{'type':'hologram','data':'d'}]}]}").replace('\'', '"'))
                .post("/v1/chat/completions").then().statusCode(200);
        JsonNode sent = upstreamBody(0);
        assertThat(sent.get("future_field")).isEqualTo(MAPPER.readTree("{\"x\":1}"));
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("critic");
    }

    @Test
    void translationRefusesWhatItCannotCarryAndSaysWho() {
        given().contentType("application/json").body(("{'model':'ahost/plain',"
                + "'messages':[{'role':'critic','content':'hi'}]}").replace('\'', '"'))
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.message", containsString("messages[0].role"))
                .body("error.message", containsString("refused by the gateway"))
                .body("error.message", containsString("anthropic-type provider 'ahost'"));
        assertThat(ScriptedUpstream.SEEN).isEmpty();
    }

    @Test
    void malformedBodiesNeverPassEvenOnPassthrough() {
        given().contentType("application/json").body("{\"model\":\"afirst/plain\",\"max_tokens\":10,\"messages\":\"hi\"}")
                .post("/v1/messages").then().statusCode(400).body("error.message", containsString("messages"));
        given().contentType("application/json").body("{\"model\":\"afirst/plain\",\"max_tokens\":10000000000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(400).body("error.message", containsString("max_tokens"));
        assertThat(ScriptedUpstream.SEEN).isEmpty();
    }
}
