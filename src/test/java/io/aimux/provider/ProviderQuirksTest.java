package io.aimux.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-provider ceilings, dropped parameters, headers and usage requests reach the upstream as configured. */
@QuarkusTest
@WithTestResource(CapturingUpstream.class)
class ProviderQuirksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode lastBody() throws Exception {
        return JSON.readTree(CapturingUpstream.LAST.get().body());
    }

    @Test
    void maxTokensIsClampedAndRejectedParametersAreDropped() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"capped/m\",\"max_tokens\":32000,\"frequency_penalty\":0.5,\"parallel_tool_calls\":false,"
                        + "\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        JsonNode body = lastBody();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(body.has("frequency_penalty")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("model").asText()).isEqualTo("m");
        CapturingUpstream.Seen seen = CapturingUpstream.LAST.get();
        assertThat(seen.query()).isEqualTo("GroupId=G1");
        assertThat(seen.authorization()).isEqualTo("Bearer sk-upstream-test-0000");
        assertThat(seen.team()).isEqualTo("blue");
    }

    @Test
    void translatedRequestsAreClampedToo() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"capped/m\",\"max_tokens\":64000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(200);
        assertThat(lastBody().path("max_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void streamsAskForUsageAndTheClientOnlySeesItWhenAsked() throws Exception {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"capped/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThat(lastBody().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sse).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
        assertThat(sse).startsWith(": keep-alive\n\n"); // passthrough keeps upstream keep-alive comments

        String withUsage = given().contentType(ContentType.JSON)
                .body("{\"model\":\"capped/m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThat(withUsage).contains("\"usage\":{\"prompt_tokens\":5");
    }

    @Test
    void anthropicClientsGetUsageFromAnOpenAiStream() {
        String sse = given().contentType(ContentType.JSON)
                .body("{\"model\":\"capped/m\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertThat(sse).contains("\"output_tokens\":1").contains("\"input_tokens\":5").contains("event: message_stop");
    }
}
