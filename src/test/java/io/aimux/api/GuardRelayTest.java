package io.aimux.api;

import io.aimux.guard.TestPrincipals;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code guard.check_relayed_answers}, a same-protocol answer that the policy may rewrite is
 * decoded and checked instead of relayed; with only flags it is still relayed byte for byte. The
 * scripted upstream answers "done", which a response-only custom pattern treats as a secret.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedUpstream.class, restrictToAnnotatedClass = true)
@TestProfile(GuardRelayTest.CheckRelayed.class)
class GuardRelayTest {

    public static class CheckRelayed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.guard.check-relayed-answers", "true",
                    "aimux.guard.custom[0].id", "word", "aimux.guard.custom[0].regex", "\\bdone\\b",
                    "aimux.guard.custom[0].action", "redact", "aimux.guard.custom[0].stages[0]", "response");
        }
    }

    static final String BODY = "{\"model\":\"ahost/plain\",\"max_tokens\":10,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aRelayedAnswerIsCheckedWhenThePolicyMayRewriteIt() {
        String sse = given().contentType("application/json").body(BODY).post("/v1/messages")
                .then().statusCode(200).extract().asString();
        assertThat(sse).contains("[REDACTED:word]").doesNotContain("\"text\":\"done\"").contains("event: message_stop");
    }

    @Test
    void withOnlyFlagsTheAnswerIsRelayedAsItCame() {
        String sse = given().contentType("application/json").header(TestPrincipals.HEADER, "secret=flag,word=flag").body(BODY)
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertThat(sse).contains("\"text\":\"done\"").doesNotContain("REDACTED");
        assertThat(sse).contains("\"id\":\"msg_1\""); // the upstream's own message id: relayed, not re-encoded
    }
}
