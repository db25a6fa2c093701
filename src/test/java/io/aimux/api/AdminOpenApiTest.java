package io.aimux.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API describes itself at /q/openapi, with the admin key as its security scheme. */
@QuarkusTest
class AdminOpenApiTest {

    @Test
    void theDocumentListsTheAdminApiAndItsKey() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/providers", "/api/status", "/api/usage", "/api/keys", "/api/keys/{id}",
                "/api/prettifier/status", "/api/prettifier/config", "/api/prettifier/format");
        assertThat(paths.keySet()).allMatch(path -> path.startsWith("/api/"), "admin paths only");
        assertThat(doc.getString("components.securitySchemes.adminKey.scheme")).isEqualTo("bearer");
        assertThat(doc.getList("security.adminKey")).isNotNull();
        assertThat(doc.getString("info.title")).isEqualTo("AIMUX admin API");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
