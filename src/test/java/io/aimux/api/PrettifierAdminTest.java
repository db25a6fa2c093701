package io.aimux.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** The prettifier admin API (anonymous loopback access counts as admin when no keys are set). */
@QuarkusTest
class PrettifierAdminTest {

    @AfterEach
    void restore() {
        given().contentType(ContentType.JSON)
                .body("{\"enabled\":true,\"output_format\":\"json\",\"streaming\":{\"max_hold_back_chars\":65536}}")
                .post("/api/prettifier/config").then().statusCode(200);
    }

    @Test
    void statusReportsSettingsAndMeasuredPerformance() {
        given().get("/api/prettifier/status").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("version", notNullValue())
                .body("output_format", equalTo("json"))
                .body("supported_providers", hasItem("mock"))
                .body("format_preferences.mock.available", hasItem("hermes"))
                .body("performance.average_ms", notNullValue())
                .body("performance.p99_ms", notNullValue())
                .body("performance.success_rate", notNullValue())
                .body("performance.uptime_seconds", notNullValue());
    }

    @Test
    void configChangeAppliesToNewRequestsAndIsSaved() throws Exception {
        given().contentType(ContentType.JSON).body("{\"output_format\":\"toon\"}")
                .post("/api/prettifier/config").then().statusCode(200).body("success", equalTo(true))
                .body("config.output_format", equalTo("toon"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"enveloped\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("format", equalTo("toon")).body("content", equalTo("enveloped"));
        Path saved = Path.of("target/test-data/prettifier.json");
        assertThat(Files.readString(saved)).contains("\"output_format\" : \"toon\"");
    }

    @Test
    void invalidFieldsAreNamed() {
        given().contentType(ContentType.JSON).body("{\"output_format\":\"yaml\"}")
                .post("/api/prettifier/config").then().statusCode(400)
                .body("success", equalTo(false)).body("error", equalTo("Invalid configuration"))
                .body("details.invalid_field", equalTo("output_format"));
        given().contentType(ContentType.JSON).body("{\"enabled\":true,\"admin_token\":\"x\"}")
                .post("/api/prettifier/config").then().statusCode(400)
                .body("details.invalid_field", equalTo("admin_token"));
        given().contentType(ContentType.JSON).body("{\"providers\":{\"mock\":{\"api_key\":\"sk-x\"}}}")
                .post("/api/prettifier/config").then().statusCode(400)
                .body("details.invalid_field", equalTo("providers.mock.api_key"));
        given().contentType(ContentType.JSON).body("{\"format_preferences\":{\"mock\":[\"../../etc\"]}}")
                .post("/api/prettifier/config").then().statusCode(400)
                .body("details.invalid_field", equalTo("format_preferences.mock"));
        given().contentType(ContentType.JSON).body("{\"streaming\":{\"max_hold_back_chars\":-1}}")
                .post("/api/prettifier/config").then().statusCode(400)
                .body("details.invalid_field", equalTo("streaming.max_hold_back_chars"));
        given().contentType(ContentType.JSON).body("")
                .post("/api/prettifier/config").then().statusCode(400);
    }

    @Test
    void perProviderDisableTurnsExtractionOff() {
        given().contentType(ContentType.JSON).body("{\"providers\":{\"mock\":{\"enabled\":false}}}")
                .post("/api/prettifier/config").then().statusCode(200);
        given().get("/api/prettifier/status").then().body("providers.mock.enabled", equalTo(false));
        given().contentType(ContentType.JSON).body("{\"providers\":{\"mock\":{\"enabled\":true}}}")
                .post("/api/prettifier/config").then().statusCode(200);
        given().get("/api/prettifier/status").then().body("providers.mock.enabled", equalTo(true));
    }

    @Test
    void concurrentChangesAreAllAppliedAndSaved() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 30; i++) {
                int holdBack = 1000 + i;
                results.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body("{\"streaming\":{\"max_hold_back_chars\":" + holdBack + "}}")
                        .post("/api/prettifier/config").statusCode()));
            }
            for (var result : results) {
                assertThat(result.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        int live = given().get("/api/prettifier/status").then().extract().path("streaming.max_hold_back_chars");
        String saved = Files.readString(Path.of("target/test-data/prettifier.json"));
        assertThat(saved).contains("\"max_hold_back_chars\" : " + live);
    }

    @Test
    void crossOriginAdminCallsAreRefused() {
        given().contentType(ContentType.JSON).header("Origin", "http://evil.example").body("{\"enabled\":false}")
                .post("/api/prettifier/config").then().statusCode(403);
    }

    @Test
    void formatEndpointPrettifiesAPastedAnswer() {
        String pasted = """
                {"provider":"mock","protocol":"openai","client":"openai",
                 "tools":[{"name":"search","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}],
                 "response":{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok"}}],
                             "model":"m","usage":{"prompt_tokens":1,"completion_tokens":1}}}""";
        given().contentType(ContentType.JSON).body(pasted).post("/api/prettifier/format").then().statusCode(200)
                .body("success", equalTo(true)).body("result.choices[0].message.content", equalTo("ok"));
        given().contentType(ContentType.JSON).body("{\"response\":42}").post("/api/prettifier/format")
                .then().statusCode(400).body("success", equalTo(false));
    }

    @Test
    void providersNeverShowKeys() {
        String body = given().get("/api/providers").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"name\":\"mock\"").doesNotContain("api_key").doesNotContain("apiKey");
    }
}
