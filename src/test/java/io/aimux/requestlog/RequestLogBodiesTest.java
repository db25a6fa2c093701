package io.aimux.requestlog;

import io.aimux.api.RequestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With request_log.bodies on, entries carry the bodies, cut and redacted whatever the guard's actions. */
@QuarkusTest
@TestProfile(RequestLogProfile.WithBodies.class)
class RequestLogBodiesTest {

    // secret-shaped values, assembled at runtime and visibly fake
    static final String AWS_KEY_ID = "AK" + "IA" + "FAKE0FAKE1FAKE2F";
    static final String EMAIL = "jane.fake" + "@" + "example.org";

    static JsonPath entry(String id) {
        return RequestLogProfile.logged(id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void bodiesAreKeptWithEverySecretAndAddressReplacedByItsCategory() {
        String prompt = "my key is " + AWS_KEY_ID + " and my mail is " + EMAIL + " marker-7731";
        String id = given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).contentType(ContentType.JSON)
                .body(Map.of("model", "mock/echo", "messages", List.of(Map.of("role", "user", "content", prompt))))
                .post("/v1/chat/completions").then().statusCode(200).extract().header(RequestIds.HEADER);

        JsonPath entry = entry(id);
        String request = entry.getString("bodies.request");
        String response = entry.getString("bodies.response");
        assertThat(request).contains("marker-7731", "\"mock/echo\"", "[REDACTED:secret]", "[REDACTED:pii]")
                .doesNotContain(AWS_KEY_ID, EMAIL);
        // the echo repeats the prompt (the email passes the guard by default: flag only)
        assertThat(response).contains("marker-7731", "chat.completion", "[REDACTED:pii]").doesNotContain(AWS_KEY_ID, EMAIL);
    }

    @Test
    void streamedAnswersAreKeptAsTheClientReceivedThemAndCut() {
        String prompt = "stream me " + "word ".repeat(1000);
        String id = given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).contentType(ContentType.JSON)
                .body(Map.of("model", "mock/echo", "stream", true,
                        "messages", List.of(Map.of("role", "user", "content", prompt))))
                .post("/v1/chat/completions").then().statusCode(200).extract().header(RequestIds.HEADER);
        JsonPath entry = entry(id);
        assertThat(entry.getString("bodies.request")).hasSize(RequestLogProfile.WithBodies.MAX_BODY_CHARS);
        assertThat(entry.getString("bodies.response")).startsWith("data: ")
                .hasSize(RequestLogProfile.WithBodies.MAX_BODY_CHARS);
    }

    @Test
    void responsesRequestsAreLoggedWithTheirBodiesToo() {
        String id = given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).contentType(ContentType.JSON)
                .body(Map.of("model", "mock/echo", "input", "responses marker-5521 " + EMAIL))
                .post("/v1/responses").then().statusCode(200).extract().header(RequestIds.HEADER);
        JsonPath entry = entry(id);
        assertThat(entry.getString("api")).isEqualTo("responses");
        assertThat(entry.getString("bodies.request")).contains("marker-5521", "[REDACTED:pii]").doesNotContain(EMAIL);
        assertThat(entry.getString("bodies.response")).contains("marker-5521").doesNotContain(EMAIL);
    }

    @Test
    void refusedRequestsKeepTheirRequestBody() {
        String id = given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":\"not a list\"}")
                .post("/v1/chat/completions").then().statusCode(400).extract().header(RequestIds.HEADER);
        JsonPath entry = entry(id);
        assertThat(entry.getString("outcome")).isEqualTo("rejected");
        assertThat(entry.getString("bodies.request")).contains("not a list");
        assertThat(entry.getString("bodies.response")).isEmpty();
    }
}
