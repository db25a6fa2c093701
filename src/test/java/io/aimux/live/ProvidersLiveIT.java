package io.aimux.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in process against the real provider APIs: plain, streaming, native tools, thinking
 * (where the provider has it) and a tool call the model writes as text, which the prettifier must
 * rescue. A provider whose key variable is unset is skipped. Not part of the default build:
 * {@code ./mvnw -B verify -Plive} (docs/deployment.md). Writes {@code target/live-report.json}: per
 * provider the tool extraction accuracy, latency per scenario and errors. Costs a few cents per run.
 */
@Tag("live")
@QuarkusTest
@TestProfile(ProvidersLiveIT.Live.class)
class ProvidersLiveIT {

    /** The presets of application.properties, their key variable and a model; AIMUX_LIVE_<NAME>_MODEL overrides it. */
    enum Provider {
        OPENAI("openai", "OPENAI_API_KEY", "gpt-5-mini", true),
        ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "claude-haiku-4-5", true),
        CEREBRAS("cerebras", "CEREBRAS_API_KEY", "gpt-oss-120b", true),
        SYNTHETIC("synthetic", "SYNTHETIC_API_KEY", "hf:zai-org/GLM-4.6", true),
        ZAI("zai", "ZAI_API_KEY", "glm-4.6", true),
        MINIMAX("minimax", "MINIMAX_API_KEY", "MiniMax-M2", true);

        final String preset;
        final String keyVariable;
        final String defaultModel;
        final boolean thinking;

        Provider(String preset, String keyVariable, String defaultModel, boolean thinking) {
            this.preset = preset;
            this.keyVariable = keyVariable;
            this.defaultModel = defaultModel;
            this.thinking = thinking;
        }

        String model() {
            String override = System.getenv("AIMUX_LIVE_" + name() + "_MODEL");
            return preset + "/" + (override == null || override.isBlank() ? defaultModel : override);
        }

        boolean configured() {
            String key = System.getenv(keyVariable);
            return key != null && !key.isBlank();
        }
    }

    /** The prettifier on for every provider, so a tool call written as text is rescued everywhere. */
    public static class Live implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new TreeMap<>();
            for (Provider p : Provider.values()) {
                overrides.put("aimux.providers." + p.preset + ".prettifier-enabled", "true");
            }
            overrides.put("aimux.data-dir", "target/live-data");
            return overrides;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, Object>> REPORT = new ConcurrentHashMap<>();
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Current weather of a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    @ParameterizedTest
    @EnumSource(Provider.class)
    void plain(Provider provider) {
        JsonNode answer = chat(provider, "plain", """
                {"model":"%s","max_tokens":2000,"messages":[{"role":"user","content":"Reply with the single word: pong"}]}""");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText().toLowerCase(Locale.ROOT)).contains("pong");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void streaming(Provider provider) {
        assumeKey(provider);
        String body = """
                {"model":"%s","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Count from 1 to 5, digits separated by spaces."}]}"""
                .formatted(provider.model());
        long start = System.nanoTime();
        Response response = given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions");
        String events = response.asString();
        record(provider, "streaming", start, response.statusCode() == 200 && events.contains("data: [DONE]") ? null
                : "status " + response.statusCode());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(events).contains("data: [DONE]").contains("\"delta\"");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void nativeTools(Provider provider) {
        JsonNode answer = chat(provider, "tools", """
                {"model":"%s","max_tokens":2000,"tools":[""" + WEATHER_TOOL + """
                ],"messages":[{"role":"user","content":"What is the weather in Paris? Use the tool."}]}""");
        toolCallExtracted(provider, "tools", answer);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void thinking(Provider provider) {
        Assumptions.assumeTrue(provider.thinking, provider.preset + " has no thinking mode");
        JsonNode answer = chat(provider, "thinking", """
                {"model":"%s","max_tokens":4000,"reasoning_effort":"low",
                 "messages":[{"role":"user","content":"Is 221 a prime number? Answer yes or no."}]}""");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText().toLowerCase(Locale.ROOT)).contains("no");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void toolCallWrittenAsText(Provider provider) {
        JsonNode answer = chat(provider, "text_tool_call", """
                {"model":"%s","max_tokens":2000,"tools":[""" + WEATHER_TOOL + """
                ],"messages":[{"role":"system","content":"You call tools by writing them as text, exactly like <tool_call>{\\"name\\": \\"get_weather\\", \\"arguments\\": {\\"city\\": \\"...\\"}}</tool_call> and nothing else."},
                 {"role":"user","content":"What is the weather in Paris?"}]}""");
        toolCallExtracted(provider, "text_tool_call", answer);
    }

    @AfterAll
    static void writeReport() throws IOException {
        Map<String, Object> out = new TreeMap<>();
        for (Provider p : Provider.values()) {
            Map<String, Object> entry = new TreeMap<>(REPORT.getOrDefault(p.preset, Map.of()));
            if (!p.configured()) {
                entry.put("skipped", p.keyVariable + " is not set");
            } else {
                int attempts = ((Number) entry.getOrDefault("tool_attempts", 0)).intValue();
                int extracted = ((Number) entry.getOrDefault("tool_extracted", 0)).intValue();
                entry.put("tool_extraction_accuracy", attempts == 0 ? null : (double) extracted / attempts);
                entry.put("model", p.model());
            }
            out.put(p.preset, entry);
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/live-report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    // ---- helpers ----

    private static void assumeKey(Provider provider) {
        Assumptions.assumeTrue(provider.configured(), provider.keyVariable + " is not set");
    }

    private static JsonNode chat(Provider provider, String scenario, String template) {
        assumeKey(provider);
        long start = System.nanoTime();
        Response response = given().contentType(ContentType.JSON).body(template.formatted(provider.model()))
                .post("/v1/chat/completions");
        JsonNode body;
        try {
            body = JSON.readTree(response.asString());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        record(provider, scenario, start, response.statusCode() == 200 ? null
                : "status " + response.statusCode() + ": " + body.path("error").path("message").asText("").lines().findFirst().orElse(""));
        assertThat(response.statusCode()).as(scenario + " on " + provider.preset).isEqualTo(200);
        return body;
    }

    private static void toolCallExtracted(Provider provider, String scenario, JsonNode answer) {
        JsonNode call = answer.path("choices").path(0).path("message").path("tool_calls").path(0).path("function");
        boolean ok = "get_weather".equals(call.path("name").asText())
                && call.path("arguments").asText().toLowerCase(Locale.ROOT).contains("paris");
        Map<String, Object> entry = entry(provider);
        synchronized (entry) {
            entry.merge("tool_attempts", 1, (a, b) -> ((Integer) a) + 1);
            entry.merge("tool_extracted", ok ? 1 : 0, (a, b) -> ((Integer) a) + (Integer) b);
        }
        assertThat(ok).as(scenario + " on " + provider.preset + ": a get_weather call for Paris, got " + call).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static void record(Provider provider, String scenario, long start, String error) {
        Map<String, Object> entry = entry(provider);
        synchronized (entry) {
            ((Map<String, Object>) entry.computeIfAbsent("latency_ms", k -> new TreeMap<>()))
                    .put(scenario, (System.nanoTime() - start) / 1_000_000);
            if (error != null) {
                ((Map<String, Object>) entry.computeIfAbsent("errors", k -> new TreeMap<>())).put(scenario, error);
            }
        }
    }

    private static Map<String, Object> entry(Provider provider) {
        return REPORT.computeIfAbsent(provider.preset, k -> new TreeMap<>());
    }

}
