package io.aimux.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An answer the gateway collects (toon output of a stream, the mock) stays within the body bound. */
@QuarkusTest
@TestProfile(CollectedAnswerBoundTest.SmallBodies.class)
class CollectedAnswerBoundTest {

    public static class SmallBodies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.limits.max-upstream-body-bytes", "200");
        }
    }

    private static String echo(String text, boolean stream) {
        return "{\"model\":\"mock/echo\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void aStreamedAnswerCollectedForToonIsCutAtTheBound() {
        given().contentType("application/json").header("x-aimux-output-format", "toon")
                .body(echo("word ".repeat(100), true)).post("/v1/chat/completions")
                .then().statusCode(502).body(containsString("larger than 200 bytes"));
    }

    @Test
    void aSmallAnswerStillPasses() {
        given().contentType("application/json").header("x-aimux-output-format", "toon")
                .body(echo("short", true)).post("/v1/chat/completions").then().statusCode(200);
        given().contentType("application/json").body(echo("word ".repeat(100), false)).post("/v1/chat/completions")
                .then().statusCode(502);
    }
}
