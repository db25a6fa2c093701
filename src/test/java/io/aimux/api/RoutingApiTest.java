package io.aimux.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Role routes, weighted routes and the x-aimux-route header over HTTP, on the mock provider. */
@QuarkusTest
@TestProfile(RoutingApiTest.WithRoutes.class)
class RoutingApiTest {

    public static class WithRoutes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("aimux.aliases.claude-sonnet-4-5[0]", "mock/echo");
            config.put("aimux.routes.cheap.targets[0].model", "mock/echo");
            config.put("aimux.routes.eyes.targets[0].model", "mock/echo");
            config.put("aimux.routes.huge.targets[0].model", "mock/echo");
            config.put("aimux.routes.huge.targets[0].context-window", "1000000");
            config.put("aimux.routes.flaky.targets[0].model", "mock/error-500");
            config.put("aimux.routes.flaky.targets[1].model", "mock/echo");
            config.put("aimux.routes.flaky.targets[1].priority", "1");
            config.put("aimux.routes.broken.targets[0].model", "mock/error-500");
            config.put("aimux.routes.tiny.targets[0].model", "mock/echo");
            config.put("aimux.routes.tiny.targets[0].context-window", "50");
            config.put("aimux.route-roles.background", "cheap");
            config.put("aimux.route-roles.vision", "eyes");
            config.put("aimux.route-roles.long-context", "huge");
            config.put("aimux.route-roles.long-context-threshold", "5000");
            return config;
        }
    }

    static final String HEADER = "x-aimux-route";

    static ObjectNode claudeCodeTurn() {
        try (InputStream in = RoutingApiTest.class.getResourceAsStream("/agent-requests/claude-code/02-anthropic-tool-result.json")) {
            return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response anthropic(String body) {
        return given().contentType(ContentType.JSON).header("anthropic-version", "2023-06-01").body(body).post("/v1/messages");
    }

    @Test
    void aHaikuClassClaudeCodeRequestGoesToTheBackgroundRoute() {
        anthropic("""
                {"model":"claude-haiku-4-5-20251001","max_tokens":512,
                 "system":[{"type":"text","text":"Summarize this coding conversation in under 50 characters."}],
                 "messages":[{"role":"user","content":"Please write a 5-10 word title for the conversation"}]}""")
                .then().statusCode(200)
                .header(HEADER, equalTo("mock/echo; route=cheap; role=background; attempts=1"))
                .body("content[0].text", equalTo("Please write a 5-10 word title for the conversation"));
    }

    @Test
    void aStreamedBackgroundRequestCarriesTheHeaderToo() {
        anthropic("""
                {"model":"claude-haiku-4-5","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":"quota"}]}""")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .header(HEADER, equalTo("mock/echo; route=cheap; role=background; attempts=1"));
    }

    @Test
    void aRequestWithAnImageGoesToTheVisionRoute() {
        anthropic("""
                {"model":"claude-sonnet-4-5","max_tokens":4096,
                 "messages":[{"role":"user","content":[
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}},
                   {"type":"text","text":"what is in the screenshot?"}]}]}""")
                .then().statusCode(200)
                .header(HEADER, equalTo("mock/echo; route=eyes; role=vision; attempts=1"));
    }

    @Test
    void anOversizedRequestGoesToTheLongContextRoute() {
        ObjectNode body = claudeCodeTurn(); // the recorded Claude Code turn is above the 5000-token threshold
        body.put("model", "claude-sonnet-4-5").put("stream", false);
        anthropic(body.toString()).then().statusCode(200)
                .header(HEADER, equalTo("mock/echo; route=huge; role=long_context; attempts=1"));
    }

    @Test
    void anExplicitProviderModelIsNeverRerouted() {
        anthropic("""
                {"model":"mock/echo","max_tokens":64,"messages":[{"role":"user","content":"claude-haiku-4-5 please"}]}""")
                .then().statusCode(200).header(HEADER, equalTo("mock/echo; attempts=1"));
    }

    @Test
    void aFallbackAtAHigherPriorityIsCountedInTheHeaderOfAStream() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"flaky\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"through the overflow\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .header(HEADER, equalTo("mock/echo; route=flaky; attempts=3"))
                .extract().asString();
        assertThat(ChatApiTest.Sse.openAiContent(ChatApiTest.Sse.data(sse))).isEqualTo("through the overflow");
    }

    @Test
    void anErrorAnswerNamesTheTargetThatFailed() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"broken\",\"messages\":[{\"role\":\"user\",\"content\":\"fail please\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(502) // an upstream 5xx is the gateway's 502
                .header(HEADER, equalTo("mock/error-500; route=broken; attempts=2"));
    }

    @Test
    void aRequestLargerThanEveryWindowIsA400InTheClientsProtocol() {
        String words = "lorem ipsum dolor sit amet ".repeat(40);
        anthropic("{\"model\":\"tiny\",\"max_tokens\":4096,\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}")
                .then().statusCode(400)
                .header(HEADER, nullValue())
                .body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("tokens (estimated)"))
                .body("error.message", containsString("(50 tokens)"));
    }

    @Test
    void routesAreListedAsModels() {
        given().get("/v1/models").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.hasItems("cheap", "flaky", "claude-sonnet-4-5"));
    }
}
