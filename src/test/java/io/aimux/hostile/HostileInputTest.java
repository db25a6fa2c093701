package io.aimux.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.aimux.api.chat.BodyBudget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile requests against the running gateway: semantic errors refused before any upstream is
 * called (also on the passthrough path), bodies past the size and in-flight bounds, JSON past the
 * parser bounds, and HTTP framing no well-behaved client sends, over raw sockets.
 */
@QuarkusTest
@TestProfile(HostileInputTest.Bounds.class)
class HostileInputTest {

    static final int MAX_BODY = 8192;

    public static class Bounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // "dead" is a real provider of each protocol nobody listens for: a request that reached it would be a 502
            return Map.ofEntries(
                    Map.entry("aimux.limits.max-request-bytes", Integer.toString(MAX_BODY)),
                    Map.entry("aimux.limits.max-in-flight-bytes", Integer.toString(MAX_BODY)),
                    Map.entry("aimux.providers.dead.type", "openai"),
                    Map.entry("aimux.providers.dead.base-url", "http://127.0.0.1:1/v1"),
                    Map.entry("aimux.providers.dead.models-refresh-seconds", "0"),
                    Map.entry("aimux.providers.deadant.type", "anthropic"),
                    Map.entry("aimux.providers.deadant.base-url", "http://127.0.0.1:1"),
                    Map.entry("aimux.providers.deadant.models-refresh-seconds", "0"));
        }
    }

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    BodyBudget budget;

    private static final String FN = "{\"type\":\"function\",\"function\":{\"name\":\"get\",\"parameters\":%s}}";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "\"tools\":[" + "{\"type\":\"function\",\"function\":{\"name\":\"get\"}}" + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"rm\"}}|not among the declared tools",
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://evil.example/x\"}}}}}]|must be a local reference",
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get\",\"parameters\":{\"type\":\"object\",\"properties\":7}}}]|must be an object of schemas",
        "\"n\":500|n: must be an integer between 1 and 128",
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]|URL scheme 'file' is not accepted"})
    void semanticErrorsAreRefusedBeforeAnyUpstreamOnThePassthroughPath(String fields, String message) {
        String messages = fields.contains("\"messages\"") ? "" : "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
        String body = "{\"model\":\"dead/m\"," + messages + fields + "}";
        given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.message", containsString(message));
    }

    @Test
    void anthropicSemanticErrorsToo() {
        given().contentType(ContentType.JSON).body("{\"model\":\"deadant/m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"gopher://127.0.0.1:9/\"}}]}]}")
                .post("/v1/messages").then().statusCode(400).body("type", equalTo("error"))
                .body("error.message", containsString("URL scheme 'gopher' is not accepted"));
        given().contentType(ContentType.JSON).body("{\"model\":\"deadant/m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"get\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"<img src=x>\"}}")
                .post("/v1/messages").then().statusCode(400)
                .body("error.message", containsString("names '\\u003cimg src=x\\u003e'"))
                .body(not(containsString("<img")));
    }

    @Test
    void jsonPastTheParserBoundsIsA400InTheGatewaysWords() {
        String deep = "{\"model\":\"mock/echo\",\"messages\":" + "[".repeat(300) + "]".repeat(300) + "}";
        given().contentType(ContentType.JSON).body(deep).post("/v1/chat/completions").then().statusCode(400)
                .body("error.message", containsString("JSON limits")).body(not(containsString("fasterxml")))
                .body(not(containsString("Constraints")));
    }

    @Test
    void aBodyPastTheSizeBoundIsA413InTheClientsShapeBeforeItIsRead() throws Exception {
        // only the headers: the announced length alone decides, and the connection is closed after the answer
        String answer = raw("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n");
        assertThat(RawHttp.status(answer)).isEqualTo(413);
        assertThat(answer).contains("\"type\":\"error\"").contains("limits.max_request_bytes");
    }

    @Test
    void bodiesInFlightAreBoundedAndReleased() throws Exception {
        String small = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Socket holder = RawHttp.open(gateway)) {
            // announces a body it does not send: the whole bound is reserved before a byte is read
            RawHttp.send(holder, "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + MAX_BODY + "\r\n\r\n{");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> budget.held() == MAX_BODY);
            given().contentType(ContentType.JSON).body(small).post("/v1/chat/completions").then().statusCode(503)
                    .header("retry-after", notNullValue()).body("error.message", containsString("limits.max_in_flight_bytes"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> budget.held() == 0);
        given().contentType(ContentType.JSON).body(small).post("/v1/chat/completions").then().statusCode(200);
        assertThat(budget.held()).isZero();
    }

    // ---------------------------------------------------------------- framing

    private String raw(String head) throws Exception {
        return RawHttp.exchange(gateway, head);
    }

    @Test
    void unknownHttpVersionsAre505() throws Exception {
        String answer = raw("GET /v1/models HTTP/9.9\r\nHost: localhost\r\n\r\n");
        assertThat(RawHttp.status(answer)).isEqualTo(505);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two Host headers|GET /v1/models HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
        "no Host|GET /v1/models HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n",
        "unknown transfer coding|POST /v1/chat/completions HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n2\\r\\n{}\\r\\n0\\r\\n\\r\\n",
        "length and chunked|POST /v1/chat/completions HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: 4\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\n{}\\r\\n0\\r\\n\\r\\n",
        "conflicting lengths|POST /v1/chat/completions HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: 2\\r\\nContent-Length: 40\\r\\n\\r\\n{}",
        "repeated equal lengths|POST /v1/chat/completions HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: 2\\r\\nContent-Length: 2\\r\\n\\r\\n{}",
        "negative length|POST /v1/chat/completions HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: -1\\r\\n\\r\\n{}"})
    void oddFramingIsA400AndTheConnectionCloses(String name, String head) throws Exception {
        String answer = raw(head.replace("\\r\\n", "\r\n"));
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
    }

    @Test
    void hugeHeaderCountsAndSizesAre431() throws Exception {
        StringBuilder many = new StringBuilder("GET /v1/models HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 5000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertThat(RawHttp.status(raw(many.append("\r\n").toString()))).isEqualTo(431);
        assertThat(RawHttp.status(raw("GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n")))
                .isEqualTo(431);
    }

    @Test
    void obsoleteLineFoldingIsNeverAServerError() throws Exception {
        int status = RawHttp.status(raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n  b\r\nConnection: close\r\n\r\n"));
        assertThat(status).isIn(200, 400);
    }
}
