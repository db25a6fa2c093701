package io.aimux.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.TestConfigs;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When the offline mock answers: by default only where it cannot pass for a real provider. */
class MockSwitchTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** {@code json} as config.json on top of the built-in mock preset. */
    private static ProviderRegistry registry(String json) {
        String withPreset = json.contains("\"mock\":") ? json : json.contains("\"providers\"") ? json.replace("\"providers\":{", "\"providers\":{\"mock\":{\"type\":\"mock\"},")
                : json.replaceFirst("\\{", "{\"providers\":{\"mock\":{\"type\":\"mock\"}}" + (json.equals("{}") ? "" : ","));
        return new ProviderRegistry(TestConfigs.fromJson(withPreset), vertx, new ObjectMapper());
    }

    private static final String KEYS = "\"auth\":{\"keys\":{\"a\":{\"key\":\"client-" + "fake-0001\"}}}";
    private static final String REAL = "\"providers\":{\"vendor\":{\"type\":\"openai\",\"base_url\":\"http://127.0.0.1:1/v1\","
            + "\"models_refresh_seconds\":0%s}%s}";

    @Test
    void onWithoutKeysOrWithoutARealProvider() {
        assertThat(registry("{}").find("mock")).isPresent();
        assertThat(registry("{" + KEYS + "}").find("mock")).isPresent();
        assertThat(registry("{" + REAL.formatted("", "") + "}").find("mock")).isPresent();
    }

    @Test
    void offOnceKeysAndARealProviderExistUnlessSwitchedOn() {
        ProviderRegistry production = registry("{" + KEYS + "," + REAL.formatted("", "") + "}");
        assertThat(production.find("mock")).isEmpty();
        assertThat(production.statuses().get("mock").reason()).contains("providers.mock.enabled");
        assertThat(production.realEnabled()).isEqualTo(1);

        ProviderRegistry demo = registry("{" + KEYS + "," + REAL.formatted("", ",\"mock\":{\"type\":\"mock\",\"enabled\":true}") + "}");
        assertThat(demo.find("mock")).isPresent();
        assertThat(demo.mockExplicitlyEnabled()).isTrue();
    }

    @Test
    void aDisabledRealProviderDoesNotCount() {
        ProviderRegistry registry = registry("{" + KEYS + "," + REAL.formatted(",\"enabled\":false", "") + "}");
        assertThat(registry.find("mock")).isPresent();
        assertThat(registry.realEnabled()).isZero();
    }

    @Test
    void switchedOffExplicitly() {
        assertThat(new ProviderRegistry(TestConfigs.fromJson("{\"providers\":{\"mock\":{\"type\":\"mock\",\"enabled\":false}}}"), vertx, new ObjectMapper()).find("mock")).isEmpty();
    }
}
