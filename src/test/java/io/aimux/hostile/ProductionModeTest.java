package io.aimux.hostile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With client keys and a real provider: the mock is off unless switched on, readiness rests on
 * the real provider, probes name no provider, metrics need an admin key, and Swagger UI is off
 * when told.
 */
@QuarkusTest
@TestProfile(ProductionModeTest.KeysAndARealProvider.class)
class ProductionModeTest {

    static final String CLIENT = "client-" + "fake-0001";
    static final String ADMIN = "admin-" + "fake-0002";

    public static class KeysAndARealProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.auth.keys.app.key", CLIENT, "aimux.auth.keys.ops.key", ADMIN,
                    "aimux.auth.keys.ops.role", "admin",
                    "aimux.providers.vendor.type", "openai",
                    "aimux.providers.vendor.base-url", "http://127.0.0.1:1/v1",
                    "aimux.providers.vendor.api-key", "vendor-" + "fake-key",
                    "aimux.providers.vendor.models-refresh-seconds", "0",
                    "quarkus.swagger-ui.enable", "false");
        }
    }

    @Test
    void theMockIsOffByDefault() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CLIENT)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.message", containsString("providers.mock.enabled"));
    }

    @Test
    void readyOnTheRealProviderWithoutNamingIt() {
        given().get("/q/health/ready").then().statusCode(200).body(not(containsString("vendor")));
    }

    @Test
    void swaggerUiCanBeSwitchedOff() {
        given().get("/q/swagger-ui/").then().statusCode(404);
    }

    @Test
    void metricsNeedAnAdminKey() {
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", "Bearer " + CLIENT).get("/q/metrics").then().statusCode(403);
        given().header("Authorization", "Bearer " + ADMIN).get("/q/metrics").then().statusCode(200)
                .body(containsString("aimux_"));
    }
}
