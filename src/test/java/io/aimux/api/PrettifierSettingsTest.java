package io.aimux.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** prettifier_enabled, output_format and format_preference change what clients receive. */
@QuarkusTest
@TestProfile(PrettifierSettingsTest.Settings.class)
class PrettifierSettingsTest {

    static final String TOOLS = ChatApiTest.WEATHER_TOOL_OPENAI;

    static String request(String model) {
        return "{\"model\":\"" + model + "\",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Lyon?\"}]}";
    }

    /** A second mock provider with its own settings, next to the default one. */
    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // its own data directory: settings saved by other tests through the admin API would win
            return Map.of("aimux.data-dir", "target/test-data-" + java.util.UUID.randomUUID(),
                    "aimux.prettifier-enabled", "false",
                    "aimux.providers.glmonly.type", "mock",
                    "aimux.providers.glmonly.prettifier-enabled", "true",
                    "aimux.providers.glmonly.format-preference", "glm",
                    "aimux.providers.rawmock.type", "mock",
                    "aimux.providers.rawmock.prettifier-enabled", "true",
                    "aimux.providers.rawmock.output-format", "raw");
        }
    }

        @Test
        void globallyDisabledLeavesMarkupAsText() {
            given().contentType(ContentType.JSON).body(request("mock/hermes")).post("/v1/chat/completions")
                    .then().statusCode(200)
                    .body("choices[0].message.tool_calls", nullValue())
                    .body("choices[0].message.content", containsString("<tool_call>"))
                    .body("choices[0].finish_reason", equalTo("stop"));
        }

        @Test
        void providerSwitchAndFormatPreferenceApply() {
            given().contentType(ContentType.JSON).body(request("glmonly/glm")).post("/v1/chat/completions")
                    .then().statusCode(200)
                    .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"))
                    .body("choices[0].finish_reason", equalTo("tool_calls"));
            given().contentType(ContentType.JSON).body(request("glmonly/hermes")).post("/v1/chat/completions")
                    .then().statusCode(200)
                    .body("choices[0].message.tool_calls", nullValue())
                    .body("choices[0].message.content", containsString("<tool_call>"));
        }

        @Test
        void rawOutputFormatDisablesPrettifying() {
            given().contentType(ContentType.JSON).body(request("rawmock/hermes")).post("/v1/chat/completions")
                    .then().statusCode(200)
                    .body("choices[0].message.tool_calls", nullValue())
                    .body("choices[0].message.content", containsString("<tool_call>"));
        }

        @Test
        void statusShowsTheEffectiveSettings() {
            given().get("/api/prettifier/status").then().statusCode(200)
                    .body("enabled", equalTo(false))
                    .body("providers.glmonly.enabled", equalTo(true))
                    .body("providers.rawmock.output_format", equalTo("raw"))
                    .body("format_preferences.glmonly.default", equalTo(java.util.List.of("glm")));
    }
}
