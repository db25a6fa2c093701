package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Client and admin keys, in both header forms, on both protocols. */
@QuarkusTest
@TestProfile(AuthTest.WithKeys.class)
public class AuthTest {

    public static final String CLIENT = "client-secret-0001";
    public static final String ADMIN = "admin-secret-0002";
    static final String CHAT = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String MESSAGES = "{\"model\":\"mock/echo\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.auth.keys.app.key", CLIENT, "aimux.auth.keys.app.role", "client",
                    "aimux.auth.keys.ops.key", ADMIN, "aimux.auth.keys.ops.role", "admin");
        }
    }

    @Test
    void missingKeyIs401InTheClientsShape() {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
        given().contentType(ContentType.JSON).body(MESSAGES).post("/v1/messages").then().statusCode(401)
                .body("type", equalTo("error")).body("error.type", equalTo("authentication_error"));
        given().get("/v1/models").then().statusCode(401);
    }

    @Test
    void wrongKeyIs401AndIsNotEchoed() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer client-secret-00")
                .body(CHAT).post("/v1/chat/completions").then().statusCode(401)
                .body(not(containsString("client-secret")));
    }

    @Test
    void bearerAndXApiKeyBothWork() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CLIENT).body(CHAT)
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON).header("x-api-key", CLIENT).body(MESSAGES)
                .post("/v1/messages").then().statusCode(200);
    }

    @Test
    void adminApiNeedsAnAdminKey() {
        given().header("Authorization", "Bearer " + CLIENT).get("/api/prettifier/status").then().statusCode(403);
        given().get("/api/prettifier/status").then().statusCode(401);
        given().header("x-api-key", ADMIN).get("/api/prettifier/status").then().statusCode(200);
        given().header("x-api-key", ADMIN).contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void matrixParametersCannotSneakPastTheGuard() {
        given().urlEncodingEnabled(false).get("/api;x=1/status").then().statusCode(400);
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .post("/api;x/prettifier/config").then().statusCode(400);
        given().urlEncodingEnabled(false).get("/v1;x/models").then().statusCode(400);
    }

    @Test
    void probesStayOpenMetricsNeedTheAdminKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        // keys but only the mock: it answers (above), yet a deployment without a real provider is not ready
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/metrics").then().statusCode(401);
        given().header("x-api-key", ADMIN).get("/q/metrics").then().statusCode(200);
    }
}
