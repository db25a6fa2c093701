package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * An anonymous gateway as a web page sees it: a page may not drive it (no-cors posts, foreign
 * Origins, DNS rebinding), while the page of an origin listed in cors.origins may call the client
 * routes and never the admin API.
 */
@QuarkusTest
@TestProfile(AnonymousBrowserTest.AnonymousWithCors.class)
class AnonymousBrowserTest {

    static final String APP = "https://app.example.test";
    static final String CHAT = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    public static class AnonymousWithCors implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("aimux.data-dir", Files.createTempDirectory(Path.of("target"), "anonymous-data").toString(),
                        "aimux.cors.origins", APP, "aimux.auth.allowed-hosts", "gateway.internal");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static RawHttp.Answer send(String method, String path, Map<String, String> headers, String body) {
        return RawHttp.send(RestAssured.port, method, path, headers, body);
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void onlyLoopbackHostsAreAnswered() {
        for (String host : List.of("evil.example", "evil.example:" + RestAssured.port, "localhost.evil.example",
                "127.0.0.1.nip.io", "gateway.internal.evil.example")) {
            assertThat(send("GET", "/v1/models", headers("Host", host), null).status()).as(host).isEqualTo(403);
            assertThat(send("GET", "/api/status", headers("Host", host), null).status()).as(host).isEqualTo(403);
            RawHttp.Answer chat = send("POST", "/v1/chat/completions", headers("Host", host, "Content-Type", "application/json"), CHAT);
            assertThat(chat.status()).as(host).isEqualTo(403);
            assertThat(chat.body()).contains("permission_error").contains("localhost");
        }
        for (String host : List.of("localhost:" + RestAssured.port, "LOCALHOST", "127.0.0.1", "[::1]:8080", "[::1]",
                "gateway.internal:443")) {
            assertThat(send("GET", "/v1/models", headers("Host", host), null).status()).as(host).isEqualTo(200);
        }
        assertThat(send("GET", "/api/status", headers("Host", "127.0.0.1:" + RestAssured.port), null).status()).isEqualTo(200);
        // probes are not API routes
        assertThat(send("GET", "/q/health/live", headers("Host", "evil.example"), null).status()).isEqualTo(200);
    }

    @Test
    void aNoCorsPostFromAnotherPageIsRefused() {
        // fetch('http://localhost:8080/v1/chat/completions', {method: 'POST', mode: 'no-cors', body}) from evil.example
        RawHttp.Answer attack = send("POST", "/v1/chat/completions", headers("Host", "localhost:" + RestAssured.port,
                "Origin", "http://evil.example", "Content-Type", "text/plain;charset=UTF-8"), CHAT);
        assertThat(attack.status()).isEqualTo(403);
        assertThat(attack.headers()).doesNotContainKey("access-control-allow-origin");
        // the same without an Origin (not a browser) still needs JSON
        assertThat(send("POST", "/v1/chat/completions", headers("Host", "localhost"), CHAT).status()).isEqualTo(415);
        assertThat(send("POST", "/v1/messages", headers("Host", "localhost", "Content-Type", "text/plain"), CHAT).status())
                .isEqualTo(415);
        // and the admin API refuses foreign pages too
        assertThat(send("POST", "/api/prettifier/config", headers("Host", "localhost", "Origin", "http://evil.example",
                "Content-Type", "application/json"), "{\"enabled\":false}").status()).isEqualTo(403);
    }

    @Test
    void dnsRebindingIsRefusedThoughOriginMatchesHost() {
        // evil.example now resolves to 127.0.0.1: the page's requests are same-origin for the browser
        String rebound = "evil.example:" + RestAssured.port;
        RawHttp.Answer admin = send("POST", "/api/prettifier/config", headers("Host", rebound,
                "Origin", "http://" + rebound, "Content-Type", "application/json"), "{\"enabled\":false}");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(send("GET", "/api/status", headers("Host", rebound, "Origin", "http://" + rebound), null).status())
                .isEqualTo(403);
        assertThat(send("POST", "/v1/chat/completions", headers("Host", rebound, "Origin", "http://" + rebound,
                "Content-Type", "application/json"), CHAT).status()).isEqualTo(403);
        given().get("/api/prettifier/status").then().statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void theGatewaysOwnPageMayUseTheAdminApiOnlyOnALoopbackHost() {
        String local = "localhost:" + RestAssured.port;
        assertThat(send("GET", "/api/status", headers("Host", local, "Origin", "http://" + local), null).status())
                .isEqualTo(200);
        assertThat(send("GET", "/api/status", headers("Host", "gateway.internal", "Origin", "http://gateway.internal"), null)
                .status()).isEqualTo(403);
        assertThat(send("GET", "/api/status", headers("Host", "gateway.internal"), null).status()).isEqualTo(200);
        // the dashboard asks whether it must show a login: not here
        given().get("/api/session").then().statusCode(200).body("authenticated", equalTo(true))
                .body("key", nullValue()).body("keys_configured", equalTo(false));
        // its static files are public, yet an anonymous gateway's Host rule still guards the API behind them
        assertThat(send("GET", "/dashboard/", headers("Host", "evil.example"), null).status()).isIn(200, 404);
        assertThat(send("GET", "/api/dashboard", headers("Host", "evil.example"), null).status()).isEqualTo(403);
    }

    @Test
    void anAllowedOriginGetsAPreflightAnswerForTheClientRoutes() {
        RawHttp.Answer preflight = send("OPTIONS", "/v1/chat/completions", headers("Host", "localhost", "Origin", APP,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type, x-stainless-os, anthropic-beta, x-evil"), null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers()).containsEntry("access-control-allow-origin", APP)
                .containsEntry("access-control-allow-methods", "POST, GET, OPTIONS")
                .containsEntry("access-control-max-age", "600")
                .containsEntry("vary", "Origin")
                .doesNotContainKey("access-control-allow-credentials");
        assertThat(preflight.headers().get("access-control-allow-headers"))
                .isEqualTo("authorization, content-type, x-stainless-os, anthropic-beta");

        given().header("Origin", APP).contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions")
                .then().statusCode(200).header("access-control-allow-origin", APP).header("vary", "Origin");
        given().header("Origin", APP).get("/anthropic/v1/models").then().statusCode(200)
                .header("access-control-allow-origin", APP);
        // errors are readable by the page too
        given().header("Origin", APP).body("x".getBytes()).contentType("text/plain").post("/v1/messages")
                .then().statusCode(415).header("access-control-allow-origin", APP);
    }

    @Test
    void otherOriginsAndTheAdminApiGetNoCors() {
        given().header("Origin", "https://other.example.test").header("Access-Control-Request-Method", "POST")
                .options("/v1/chat/completions").then().statusCode(403).header("access-control-allow-origin", nullValue());
        given().header("Origin", "https://app.example.test.evil.example").contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions").then().statusCode(403).header("access-control-allow-origin", nullValue());
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .options("/api/prettifier/config").then().statusCode(403)
                .header("access-control-allow-origin", nullValue()).header("access-control-allow-methods", nullValue());
        given().header("Origin", APP).get("/api/status").then().statusCode(403).header("access-control-allow-origin", nullValue());
        given().get("/v1/models").then().statusCode(200).header("vary", "Origin")
                .header("access-control-allow-origin", nullValue());
    }
}
