package io.aimux.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failure rules hold on the byte-for-byte relay too: upstream error events, 200 answers that
 * carry an error, and non-SSE answers to a stream request never reach the client raw; before the
 * first byte they fail over or become a proper status, after it one error event ends the stream.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedUpstream.class, restrictToAnnotatedClass = true)
class PassthroughFailureTest {

    private static final String KEY = "sk-abcdefghijklmnopqrstuv123456";

    @BeforeEach
    void forget() {
        ScriptedUpstream.SEEN.clear();
    }

    private static String anthropic(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String openAi(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void anErrorEventBeforeTheFirstByteBecomesAStatusWithTheMessageRedacted() {
        given().contentType("application/json").body(anthropic("afirst/error-event", true)).post("/v1/messages")
                .then().statusCode(502).body("error.type", equalTo("api_error"))
                .body("error.message", containsString("failed with key")).body(not(containsString(KEY)));
        given().contentType("application/json").body(openAi("oai/error-event", true)).post("/v1/chat/completions")
                .then().statusCode(502).body("error.message", containsString("failed with key")).body(not(containsString(KEY)));
    }

    @Test
    void anAnswerThatBrokeBeforeTheFirstByteFailsOver() {
        given().contentType("application/json").body(anthropic("broken-then-ok", true)).post("/v1/messages")
                .then().statusCode(200).body(containsString("event: message_stop")).body(not(containsString("event: error")));
        assertThat(ScriptedUpstream.SEEN).hasSize(2);
        given().contentType("application/json").body(openAi("oai-broken-then-ok", false)).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("done"));
    }

    @Test
    void aTwoHundredCarryingAnErrorIsAFailure() {
        given().contentType("application/json").body(openAi("oai/error-body", false)).post("/v1/chat/completions")
                .then().statusCode(529).body("error.message", containsString("busy")).body(not(containsString(KEY)));
        given().contentType("application/json").body(anthropic("afirst/error-body", false)).post("/v1/messages")
                .then().statusCode(529).body("error.type", equalTo("overloaded_error"));
    }

    @Test
    void aPageIsNotAStream() {
        given().contentType("application/json").body(openAi("oai/html", true)).post("/v1/chat/completions")
                .then().statusCode(502).body("error.message", containsString("text/html"))
                .body(not(containsString("<html>"))).body(not(containsString("sk-proj")));
    }

    @Test
    void anErrorAfterTheFirstByteEndsTheStreamWithOneRedactedErrorEvent() {
        String anthropicSse = given().contentType("application/json").body(anthropic("afirst/late-error", true))
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertThat(anthropicSse).contains("event: message_start").contains("\"overloaded_error\"").contains("died, key")
                .doesNotContain(KEY).doesNotContain("event: message_stop");
        assertThat(anthropicSse.split("event: error", -1)).as("exactly one error event").hasSize(2);

        String openAiSse = given().contentType("application/json").body(openAi("oai/late-error", true))
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThat(openAiSse).contains("\"content\":\"done\"").contains("died, key").doesNotContain(KEY)
                .doesNotContain("[DONE]");
        assertThat(openAiSse.split("\"error\"", -1)).as("exactly one error chunk").hasSize(2);
    }

    @Test
    void keepAliveCommentsCannotHoldAStreamOpenPastTheDeadline() {
        String sse = given().contentType("application/json").body(anthropic("afirst/trickle", true)).post("/v1/messages")
                .then().statusCode(200).extract().asString();
        assertThat(sse).contains(": keep-alive").contains("event: error").contains("timeout_error")
                .contains("total_timeout_seconds");
    }

    @Test
    void aSilentUpstreamIsCutAtItsOwnIdleLimit() {
        // oai allows 1 s of silence (the global limit is 300 s): its headers came, then nothing
        given().contentType("application/json").body(openAi("oai/silent", false)).post("/v1/chat/completions")
                .then().statusCode(504).body("error.type", equalTo("timeout_error"))
                .body("error.message", containsString("sent nothing for 1 s"));
    }
}
