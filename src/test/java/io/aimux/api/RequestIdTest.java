package io.aimux.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every answer names its request: x-request-id in the header, and request_id in error bodies. */
@QuarkusTest
class RequestIdTest {

    private static final String ECHO = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void anAnswerCarriesANewIdWhenTheCallerSentNone() {
        String first = given().contentType(ContentType.JSON).body(ECHO).post("/v1/chat/completions")
                .then().statusCode(200).extract().header(RequestIds.HEADER);
        String second = given().contentType(ContentType.JSON).body(ECHO).post("/v1/chat/completions")
                .then().statusCode(200).extract().header(RequestIds.HEADER);
        assertThat(first).startsWith("req_").hasSize(28);
        assertThat(second).startsWith("req_").isNotEqualTo(first);
    }

    @Test
    void aPlainCallerIdIsKeptAndAnythingElseReplaced() {
        given().header(RequestIds.HEADER, "trace-42:a.b_c").contentType(ContentType.JSON).body(ECHO)
                .post("/v1/chat/completions").then().statusCode(200).header(RequestIds.HEADER, "trace-42:a.b_c");
        String replaced = given().header(RequestIds.HEADER, "<script>x</script>").contentType(ContentType.JSON).body(ECHO)
                .post("/v1/chat/completions").then().statusCode(200).extract().header(RequestIds.HEADER);
        assertThat(replaced).startsWith("req_");
        String tooLong = "a".repeat(RequestIds.MAX_LENGTH + 1);
        assertThat(given().header(RequestIds.HEADER, tooLong).contentType(ContentType.JSON).body(ECHO)
                .post("/v1/chat/completions").then().extract().header(RequestIds.HEADER)).startsWith("req_");
    }

    @Test
    void errorBodiesOfBothProtocolsNameTheRequest() {
        Response openAi = given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":\"not a list\"}").post("/v1/chat/completions");
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(openAi.jsonPath().getString("request_id")).isEqualTo(openAi.header(RequestIds.HEADER)).startsWith("req_");

        Response anthropic = given().header(RequestIds.HEADER, "bug-report-7").contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"max_tokens\":5}").post("/anthropic/v1/messages");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(anthropic.jsonPath().getString("type")).isEqualTo("error");
        assertThat(anthropic.jsonPath().getString("request_id")).isEqualTo("bug-report-7");

        Response unknownPath = given().get("/v1/no-such-thing");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.jsonPath().getString("request_id")).isEqualTo(unknownPath.header(RequestIds.HEADER));
    }

    @Test
    void onlyPlainTokensAreAccepted() {
        assertThat(RequestIds.accepted("abc-DEF_1.2:3")).isEqualTo("abc-DEF_1.2:3");
        assertThat(RequestIds.accepted("")).isNull();
        assertThat(RequestIds.accepted(null)).isNull();
        assertThat(RequestIds.accepted("a b")).isNull();
        assertThat(RequestIds.accepted("a\r\nx-evil: 1")).isNull();
        assertThat(RequestIds.accepted("é")).isNull();
    }
}
