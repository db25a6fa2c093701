package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Dashboard login over HTTP: the cookie, where it counts and where not, logout, and failed-login limits. */
@QuarkusTest
@TestProfile(KeyedProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardSessionApiTest {

    static String self() {
        return "http://localhost:" + RestAssured.port;
    }

    static Response login(String key) {
        return given().contentType(ContentType.JSON).body("{\"key\":\"" + key + "\"}").post("/api/session");
    }

    static String session() {
        Response answer = login(KeyedProfile.ADMIN);
        assertThat(answer.statusCode()).isEqualTo(204);
        return answer.getCookie(DashboardSessions.COOKIE);
    }

    @Test
    @Order(1)
    void anAdminKeyBuysAnHttpOnlyStrictCookie() {
        Response answer = login(KeyedProfile.ADMIN);
        assertThat(answer.statusCode()).isEqualTo(204);
        String header = answer.getHeader("set-cookie");
        assertThat(header).startsWith("aimux_session=ops.").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").contains("; Max-Age=43200").doesNotContain("Secure")
                .doesNotContain(KeyedProfile.ADMIN);
        String cookie = answer.getCookie(DashboardSessions.COOKIE);
        given().cookie(DashboardSessions.COOKIE, cookie).get("/api/session").then().statusCode(200)
                .body("authenticated", equalTo(true)).body("key", equalTo("ops")).body("keys_configured", equalTo(true));
        given().cookie(DashboardSessions.COOKIE, cookie).get("/api/status").then().statusCode(200);
        given().get("/api/session").then().statusCode(401);
    }

    @Test
    @Order(2)
    void theCookieOpensOnlyTheAdminApi() {
        String cookie = session();
        given().cookie(DashboardSessions.COOKIE, cookie).get("/v1/models").then().statusCode(401);
        given().cookie(DashboardSessions.COOKIE, cookie).contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(401);
        given().cookie(DashboardSessions.COOKIE, cookie).get("/q/metrics").then().statusCode(401);
        // a key header, even a wrong one, is what counts when sent
        given().cookie(DashboardSessions.COOKIE, cookie).header("Authorization", "Bearer wrong-key-0000")
                .get("/api/status").then().statusCode(401);
        given().cookie(DashboardSessions.COOKIE, cookie).header("Authorization", "Bearer " + KeyedProfile.CLIENT)
                .get("/api/status").then().statusCode(403);
        // a forged or stale cookie is refused with a hint, never with the value
        given().cookie(DashboardSessions.COOKIE, "ops.9999999999.AAAA").get("/api/status").then().statusCode(401)
                .body("error.message", containsString("log in again")).body(not(containsString("9999999999")));
    }

    /** A request from the dashboard page as a browser sends it: Host and Origin name the gateway. */
    static RawHttp.Answer fromPage(String method, String path, String cookie, String origin, String body) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Host", "localhost:" + RestAssured.port);
        if (origin != null) {
            headers.put("Origin", origin);
        }
        headers.put("Cookie", DashboardSessions.COOKIE + "=" + cookie);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return RawHttp.send(RestAssured.port, method, path, headers, body);
    }

    @Test
    @Order(3)
    void crossOriginUseOfTheCookieIsRefused() {
        String cookie = session();
        assertThat(fromPage("GET", "/api/status", cookie, "https://evil.example", null).status()).isEqualTo(403);
        assertThat(fromPage("GET", "/api/status", cookie, "http://localhost:" + RestAssured.port + ".evil.example", null).status())
                .isEqualTo(403);
        assertThat(fromPage("GET", "/api/status", cookie, self(), null).status()).isEqualTo(200);
        assertThat(fromPage("GET", "/api/status", cookie, null, null).status()).isEqualTo(200); // same-origin GETs carry no Origin
        // changes need the page's own Origin: browsers always send it with them
        assertThat(fromPage("POST", "/api/prettifier/format", cookie, null, "{\"text\":\"hello\"}").status()).isEqualTo(403);
        assertThat(fromPage("POST", "/api/prettifier/format", cookie, self(), "{\"text\":\"hello\"}").status())
                .isNotIn(401, 403);
    }

    @Test
    @Order(4)
    void logoutClearsTheCookie() {
        String cookie = session();
        assertThat(fromPage("DELETE", "/api/session", cookie, null, null).status()).isEqualTo(403);
        RawHttp.Answer out = fromPage("DELETE", "/api/session", cookie, self(), null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("set-cookie")).startsWith("aimux_session=;").contains("Max-Age=0").contains("HttpOnly");
        // without any session, logging out still answers (an expired cookie must not trap the page)
        given().delete("/api/session").then().statusCode(204);
    }

    @Test
    @Order(5)
    void aDeletedKeyEndsItsSessions() {
        String secret = given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"dash-ops\",\"role\":\"admin\"}").post("/api/keys").then().statusCode(201)
                .extract().path("secret");
        String cookie = login(secret).getCookie(DashboardSessions.COOKIE);
        given().cookie(DashboardSessions.COOKIE, cookie).get("/api/session").then().statusCode(200).body("key", equalTo("dash-ops"));
        given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).delete("/api/keys/dash-ops").then().statusCode(204);
        given().cookie(DashboardSessions.COOKIE, cookie).get("/api/session").then().statusCode(401);
    }

    @Test
    @Order(6)
    void dashboardFilesArePublicAndTheBarePathRedirects() {
        given().redirects().follow(false).get("/dashboard").then().statusCode(302).header("location", "/dashboard/");
        int page = given().redirects().follow(false).get("/dashboard/").statusCode();
        assertThat(page).as("static files need no key").isIn(200, 404);
        assertThat(given().get("/dashboard/app.js").statusCode()).isIn(200, 404);
    }

    @Test
    @Order(7)
    void badLoginsFailWithoutSayingWhyAndAreLimited() {
        login(KeyedProfile.CLIENT).then().statusCode(403).header("set-cookie", nullValue());
        login("no-such-key-000").then().statusCode(401).body("error.type", equalTo("authentication_error"))
                .body(not(containsString("no-such-key"))).header("set-cookie", nullValue());
        given().contentType(ContentType.JSON).body("{\"key\":42}").post("/api/session").then().statusCode(400);
        given().contentType(ContentType.TEXT).body("{\"key\":\"x\"}").post("/api/session").then().statusCode(415);
        given().contentType(ContentType.JSON).header("Origin", "https://evil.example").body("{\"key\":\"x\"}")
                .post("/api/session").then().statusCode(403);
        // two failures so far; eight more reach the limit, then even the right key waits
        for (int i = 0; i < 8; i++) {
            login("guess-" + i + "-000000").then().statusCode(401);
        }
        login(KeyedProfile.ADMIN).then().statusCode(429).header("retry-after", not(nullValue()))
                .header("set-cookie", nullValue());
    }
}
