package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Keys limited to some models: both protocols, count_tokens and the models list. */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class ModelRestrictionTest {

    static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static String messages(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static int openAi(String key, String model) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(chat(model))
                .post("/v1/chat/completions").statusCode();
    }

    @Test
    void openAiClientsGetAPermissionErrorNamingTheModel() {
        assertThat(openAi(KeyedProfile.LIMITED, "mock/echo")).isEqualTo(200);
        assertThat(openAi(KeyedProfile.LIMITED, "failover-demo")).as("a listed alias").isEqualTo(200);
        given().header("Authorization", "Bearer " + KeyedProfile.LIMITED).contentType(ContentType.JSON)
                .body(chat("mock/tool")).post("/v1/chat/completions").then().statusCode(403)
                .body("error.type", equalTo("permission_error")).body("error.message", containsString("'mock/tool'"));
        assertThat(openAi(KeyedProfile.LIMITED, "broken-then-echo")).as("an alias not listed").isEqualTo(403);
        assertThat(openAi(KeyedProfile.CLIENT, "mock/tool")).as("an unrestricted key").isEqualTo(200);
    }

    @Test
    void providerWildcardsCoverThatProviderOnly() {
        assertThat(openAi(KeyedProfile.MOCKS, "mock/echo")).isEqualTo(200);
        assertThat(openAi(KeyedProfile.MOCKS, "mock/think")).isEqualTo(200);
        assertThat(openAi(KeyedProfile.MOCKS, "failover-demo")).as("an alias, even one onto the mock").isEqualTo(403);
        assertThat(openAi(KeyedProfile.MOCKS, "mockery/echo")).isEqualTo(403);
    }

    @Test
    void anthropicClientsGetTheirOwnErrorShape() {
        given().header("x-api-key", KeyedProfile.LIMITED).contentType(ContentType.JSON).body(messages("mock/echo"))
                .post("/v1/messages").then().statusCode(200);
        given().header("x-api-key", KeyedProfile.LIMITED).contentType(ContentType.JSON).body(messages("mock/think"))
                .post("/anthropic/v1/messages").then().statusCode(403)
                .body("type", equalTo("error")).body("error.type", equalTo("permission_error"))
                .body("error.message", containsString("'mock/think'"));
    }

    @Test
    void countTokensObeysTheSameRule() {
        given().header("x-api-key", KeyedProfile.LIMITED).contentType(ContentType.JSON).body(messages("mock/echo"))
                .post("/v1/messages/count_tokens").then().statusCode(200);
        given().header("x-api-key", KeyedProfile.LIMITED).contentType(ContentType.JSON).body(messages("mock/think"))
                .post("/v1/messages/count_tokens").then().statusCode(403)
                .body("error.type", equalTo("permission_error"));
    }

    @Test
    void theRefusedNameIsQuotedCutAndEscaped() {
        String longName = "mock/" + "<b>".repeat(60);
        String message = given().header("Authorization", "Bearer " + KeyedProfile.LIMITED).contentType(ContentType.JSON)
                .body(chat(longName)).post("/v1/chat/completions").then().statusCode(403)
                .body(not(containsString("<b>"))).extract().path("error.message");
        assertThat(message).contains("...'").hasSizeLessThan(100 * 6 + 80).contains("\\u003cb\\u003e");
    }

    @Test
    void theModelsListShowsOnlyWhatTheKeyMayCall() {
        List<String> limited = given().header("Authorization", "Bearer " + KeyedProfile.LIMITED).get("/v1/models")
                .then().statusCode(200).extract().path("data.id");
        assertThat(limited).containsExactlyInAnyOrder("failover-demo", "mock/echo");
        List<String> mocks = given().header("x-api-key", KeyedProfile.MOCKS).get("/anthropic/v1/models")
                .then().statusCode(200).extract().path("data.id");
        assertThat(mocks).isNotEmpty().allMatch(id -> id.startsWith("mock/"));
        List<String> all = given().header("Authorization", "Bearer " + KeyedProfile.CLIENT).get("/v1/models")
                .then().statusCode(200).extract().path("data.id");
        assertThat(all).contains("failover-demo", "mock/echo", "broken-then-echo").hasSizeGreaterThan(mocks.size());
    }
}
