package io.aimux.api.admin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** {@code POST /api/providers/{name}/test}: a real tiny request per provider, its answer or its failure, never a key. */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class ProviderTestApiTest {

    static Response test(String provider) {
        return given().contentType(ContentType.JSON).post("/api/providers/" + provider + "/test");
    }

    @Test
    void aWorkingUpstreamAnswersThroughItsFirstModel() {
        Response answer = test("good");
        answer.then().statusCode(200).body("ok", equalTo(true)).body("provider", equalTo("good"))
                .body("model", equalTo("tiny")).body("status", equalTo(200)).body("error", nullValue())
                .body("text", equalTo("ok <b>\"fine\"</b>"));
        assertThat(answer.asString()).contains("\"text\":\"ok <b>\\\"fine\\\"</b>\""); // a JSON string, escaped
        assertThat(answer.jsonPath().getDouble("latency_ms")).isPositive();
        String sent = DashboardProfile.LAST_BODY.get();
        assertThat(sent).contains("\"model\":\"tiny\"").contains("Reply with the word ok.").contains("\"max_tokens\":16")
                .contains("\"stream\":false");
    }

    @Test
    void theMockAnswersToo() {
        test("mock").then().statusCode(200).body("ok", equalTo(true)).body("model", equalTo("echo"))
                .body("text", equalTo("Reply with the word ok."));
    }

    @Test
    void aRefusedKeyIsReportedWithoutTheKey() {
        Response answer = test("locked");
        answer.then().statusCode(200).body("ok", equalTo(false)).body("status", equalTo(502))
                .body("error", containsString("401")).body("text", nullValue());
        assertThat(answer.asString()).doesNotContain(DashboardProfile.UPSTREAM_KEY).doesNotContain("upstream-key");
    }

    @Test
    void unknownDisabledAndModelessProviders() {
        test("nope").then().statusCode(404).body("error.type", equalTo("not_found_error"));
        test("openai").then().statusCode(200).body("ok", equalTo(false)).body("status", nullValue())
                .body("error", containsString("OPENAI_API_KEY"));
        test("bare").then().statusCode(200).body("ok", equalTo(false)).body("model", nullValue())
                .body("error", containsString("providers.bare.models"));
        test("%3Cscript%3E").then().statusCode(404).body(not(containsString("<script>")));
    }
}
