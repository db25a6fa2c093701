package io.aimux.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** auth.* and cors.* settings: defaults, and each bad value named by its key without echoing secrets. */
class AccessSettingsTest {

    static List<String> problems(String json) {
        return ConfigValidator.problems(TestConfigs.fromJson(json), Set.of("hermes"));
    }

    @Test
    void defaults() {
        AimuxConfig config = TestConfigs.fromJson("{}");
        assertThat(config.auth().refreshSeconds()).isEqualTo(5);
        assertThat(config.auth().allowedHosts()).isEmpty();
        assertThat(config.cors().origins()).isEmpty();
        assertThat(config.cors().maxAgeSeconds()).isEqualTo(600);
        assertThat(problems("{}")).isEmpty();
    }

    @Test
    void goodSettingsPass() {
        assertThat(problems("""
                {"providers": {"mock": {"type": "mock"}}, "aliases": {"fast": ["mock/echo"]},
                 "auth": {"refresh_seconds": 0, "allowed_hosts": ["gateway.internal", "10.0.0.5", "[fd00::1]"],
                          "keys": {"team.a-1": {"key": "fake-key-for-tests-01", "models": ["fast", "mock/echo", "mock/*"]}}},
                 "cors": {"origins": ["https://app.example.test", "http://localhost:5173"], "max_age_seconds": 0}}""")).isEmpty();
    }

    @Test
    void badSettingsAreNamed() {
        String secret = "fake-" + "secret-" + "value-77";
        List<String> problems = problems("""
                {"providers": {"mock": {"type": "mock"}},
                 "auth": {"refresh_seconds": -1, "allowed_hosts": ["http://gateway.internal", "host:8080"],
                          "keys": {"bad name!": {"key": "%s"},
                                   "ok": {"key": "fake-key-for-tests-02", "models": ["nowhere/x", "no-alias", "mock/"]}}},
                 "cors": {"origins": ["*", "https://app.example.test/", "https://*.example.test", "null", "ftp://x.test"],
                          "max_age_seconds": -5}}""".formatted(secret));
        assertThat(problems).contains(
                "auth.keys: a key name may hold only letters, digits, '.', '_' and '-' (1 to 64)",
                "auth.refresh_seconds: must be 0 (off) or a positive number of seconds",
                "cors.max_age_seconds: must not be negative");
        assertThat(problems).filteredOn(p -> p.startsWith("auth.keys.ok.models[")).hasSize(3);
        assertThat(problems).filteredOn(p -> p.startsWith("auth.allowed_hosts:")).hasSize(2);
        assertThat(problems).filteredOn(p -> p.startsWith("cors.origins:")).hasSize(5);
        assertThat(String.join("\n", problems)).doesNotContain(secret);
    }
}
