package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** With keys and CORS off: keys never in query strings, JSON bodies only, no foreign Origin. */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class RequestRulesTest {

    static final String CHAT = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String MESSAGES = "{\"model\":\"mock/echo\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String FAKE = "fake-" + "query-" + "token-0009";

    @Test
    void keysInTheQueryStringAreRefusedWithoutEcho() {
        for (String name : List.of("key", "api_key", "APIKEY", "api-key", "access_token", "Token", "x-api-key",
                "authorization", "api%5Fkey")) {
            String body = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + KeyedProfile.CLIENT)
                    .contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions?" + name + "=" + FAKE)
                    .then().statusCode(400).body("error.type", equalTo("invalid_request_error"))
                    .body("error.message", containsString("header")).extract().asString();
            assertThat(body).as(name).doesNotContain(FAKE);
        }
        given().urlEncodingEnabled(false).header("x-api-key", KeyedProfile.CLIENT).contentType(ContentType.JSON)
                .body(MESSAGES).post("/v1/messages?beta=true&api_key=" + FAKE).then().statusCode(400)
                .body("type", equalTo("error")).body(not(containsString(FAKE)));
        // also without any other credential, and on the admin API
        given().get("/v1/models?key=" + FAKE).then().statusCode(400).body(not(containsString(FAKE)));
        given().get("/api/keys?access_token=" + FAKE).then().statusCode(400).body(not(containsString(FAKE)));
        // ordinary parameters stay fine
        given().header("x-api-key", KeyedProfile.CLIENT).contentType(ContentType.JSON).body(MESSAGES)
                .post("/v1/messages?beta=true").then().statusCode(200);
        given().header("x-api-key", KeyedProfile.CLIENT).get("/v1/models?monkey=1&tokens=2").then().statusCode(200);
    }

    @Test
    void chatBodiesMustBeDeclaredJson() {
        // no Content-Type at all: what fetch(..., {mode: 'no-cors'}) sends without a preflight
        int port = io.restassured.RestAssured.port;
        Map<String, String> headers = Map.of("Host", "localhost:" + port, "Authorization", "Bearer " + KeyedProfile.CLIENT);
        RawHttp.Answer chat = RawHttp.send(port, "POST", "/v1/chat/completions", headers, CHAT);
        assertThat(chat.status()).isEqualTo(415);
        assertThat(chat.body()).contains("\"invalid_request_error\"").contains("application/json");
        for (String path : List.of("/v1/messages", "/v1/messages/count_tokens", "/anthropic/v1/messages")) {
            RawHttp.Answer answer = RawHttp.send(port, "POST", path, headers, MESSAGES);
            assertThat(answer.status()).as(path).isEqualTo(415);
            assertThat(answer.body()).as(path).startsWith("{\"type\":\"error\"");
        }
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/jsonp", ";;;==/", "")) {
            RawHttp.Answer answer = RawHttp.send(port, "POST", "/v1/messages",
                    Map.of("Host", "localhost", "x-api-key", KeyedProfile.CLIENT, "Content-Type", type), MESSAGES);
            assertThat(answer.status()).as(type).isEqualTo(415);
        }
        given().header("x-api-key", KeyedProfile.CLIENT).contentType("Application/JSON; charset=utf-8").body(MESSAGES)
                .post("/v1/messages").then().statusCode(200);
    }

    @Test
    void foreignOriginsAreRefusedEverywhere() {
        for (String origin : List.of("http://evil.example", "null", "http://localhost:1")) {
            Response chat = given().header("Origin", origin).header("Authorization", "Bearer " + KeyedProfile.CLIENT)
                    .contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions");
            chat.then().statusCode(403).body("error.type", equalTo("permission_error"))
                    .header("access-control-allow-origin", nullValue());
            given().header("Origin", origin).header("x-api-key", KeyedProfile.CLIENT).contentType(ContentType.JSON)
                    .body(MESSAGES).post("/anthropic/v1/messages").then().statusCode(403).body("type", equalTo("error"));
            given().header("Origin", origin).header("x-api-key", KeyedProfile.ADMIN).get("/api/keys").then().statusCode(403);
        }
    }

    @Test
    void corsIsOffByDefault() {
        given().header("Origin", "https://app.example.test").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/chat/completions").then().statusCode(403)
                .header("access-control-allow-origin", nullValue()).header("access-control-allow-methods", nullValue())
                .header("vary", nullValue());
        given().header("Origin", "https://app.example.test").header("Access-Control-Request-Method", "POST")
                .options("/api/keys").then().statusCode(403).header("access-control-allow-origin", nullValue());
    }

    @Test
    void theDashboardPageMayCallTheAdminApiOfItsOwnOrigin() {
        String own = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port; // what the Host names
        given().header("Origin", own).header("x-api-key", KeyedProfile.ADMIN)
                .get("/api/keys").then().statusCode(200).header("access-control-allow-origin", nullValue());
        // its own origin still needs an admin key
        given().header("Origin", own).header("x-api-key", KeyedProfile.CLIENT).get("/api/keys").then().statusCode(403);
    }
}
