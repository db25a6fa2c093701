package io.aimux.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Environment > config.json > built-in defaults, with the real SmallRye sources and the mapping
 * the gateway uses.
 */
class ConfigPrecedenceTest {

    private static SmallRyeConfig build(Path json, Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "aimux.providers.cerebras.type", "openai",
                        "aimux.providers.cerebras.base-url", "https://api.cerebras.ai/v1",
                        "aimux.providers.cerebras.api-key", "default-key"), "defaults", 250))
                .withSources(new MapBackedConfigSource("config.json", ConfigJsonSourceProvider.load(json),
                        ConfigJsonSourceProvider.ORDINAL) {})
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(AimuxConfig.class)
                .build();
    }

    private static Path write(Path dir, String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile(@TempDir Path dir) throws IOException {
        Path file = write(dir, """
                {"prettifier_enabled": true, "output_format": "raw",
                 "providers": {"cerebras": {"api_key": "file-key", "output_format": "json",
                                            "format_preference": ["hermes", "glm"]}}}""");
        AimuxConfig fileOnly = build(file, Map.of()).getConfigMapping(AimuxConfig.class);
        assertThat(fileOnly.providers().get("cerebras").apiKey()).hasValue("file-key");
        assertThat(fileOnly.outputFormat()).isEqualTo("raw");
        assertThat(fileOnly.prettifierEnabled()).isTrue();
        assertThat(fileOnly.providers().get("cerebras").formatPreference()).hasValue(java.util.List.of("hermes", "glm"));

        AimuxConfig withEnv = build(file, Map.of(
                "AIMUX_PROVIDERS_CEREBRAS_API_KEY", "env-key",
                "AIMUX_PRETTIFIER_ENABLED", "false",
                "AIMUX_OUTPUT_FORMAT", "toon",
                "AIMUX_PROVIDERS_CEREBRAS_OUTPUT_FORMAT", "raw")).getConfigMapping(AimuxConfig.class);
        assertThat(withEnv.providers().get("cerebras").apiKey()).hasValue("env-key");
        assertThat(withEnv.prettifierEnabled()).isFalse();
        assertThat(withEnv.outputFormat()).isEqualTo("toon");
        assertThat(withEnv.providers().get("cerebras").outputFormat()).hasValue("raw");
    }

    @Test
    void environmentReplacesAListFromTheFile(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{\"providers\": {\"cerebras\": {\"format_preference\": [\"hermes\", \"glm\"]}}}");
        AimuxConfig config = build(file, Map.of("AIMUX_PROVIDERS_CEREBRAS_FORMAT_PREFERENCE", "kimi,qwen3-xml"))
                .getConfigMapping(AimuxConfig.class);
        assertThat(config.providers().get("cerebras").formatPreference()).hasValue(java.util.List.of("kimi", "qwen3-xml"));
    }

    @Test
    void defaultsApplyWithoutFileOrEnvironment(@TempDir Path dir) throws IOException {
        AimuxConfig config = build(write(dir, "{}"), Map.of()).getConfigMapping(AimuxConfig.class);
        assertThat(config.providers().get("cerebras").apiKey()).hasValue("default-key");
        assertThat(config.outputFormat()).isEqualTo("json");
        assertThat(config.prettifierEnabled()).isTrue();
    }

    @Test
    void providerAndKeyNamesAreKeptVerbatimAndAliasesMayContainDots(@TempDir Path dir) throws IOException {
        Path file = write(dir, """
                {"auth": {"keys": {"team_a": {"key": "0123456789abcdef", "role": "admin"}}},
                 "aliases": {"claude-3.5-sonnet": ["my_vllm/Qwen/Qwen3-32B"]},
                 "providers": {"my_vllm": {"type": "openai", "base_url": "http://127.0.0.1:8000/v1",
                                           "headers": {"X-Team": "a"}}}}""");
        AimuxConfig config = build(file, Map.of("AIMUX_PROVIDERS_MY_VLLM_API_KEY", "env-key"))
                .getConfigMapping(AimuxConfig.class);
        assertThat(config.auth().keys().get("team_a").role()).isEqualTo("admin");
        assertThat(config.aliases().get("claude-3.5-sonnet")).containsExactly("my_vllm/Qwen/Qwen3-32B");
        assertThat(config.providers().get("my_vllm").baseUrl()).hasValue("http://127.0.0.1:8000/v1");
        assertThat(config.providers().get("my_vllm").headers()).containsEntry("X-Team", "a");
        assertThat(config.providers().get("my_vllm").apiKey()).hasValue("env-key");
    }

    @Test
    void validatorNamesEachBadKeyWithoutEchoingSecrets(@TempDir Path dir) throws IOException {
        Path file = write(dir, """
                {"output_format": "yaml",
                 "limits": {"connect_timeout_seconds": -5},
                 "auth": {"keys": {"k": {"key": "short", "role": "root"}}},
                 "aliases": {"a": ["nowhere/model"]},
                 "providers": {"bad": {"type": "openai", "base_url": "ftp://x", "api_key": "sk-secret-value-123",
                                       "max_output_tokens": -1, "format_preference": ["nope"]}}}""");
        AimuxConfig config = build(file, Map.of()).getConfigMapping(AimuxConfig.class);
        var problems = ConfigValidator.problems(config, java.util.Set.of("hermes"));
        assertThat(problems).anyMatch(p -> p.startsWith("output_format:"))
                .anyMatch(p -> p.startsWith("limits.connect_timeout_seconds:"))
                .anyMatch(p -> p.startsWith("auth.keys.k.key:"))
                .anyMatch(p -> p.startsWith("auth.keys.k.role:"))
                .anyMatch(p -> p.startsWith("aliases.a:"))
                .anyMatch(p -> p.startsWith("providers.bad.base_url:"))
                .anyMatch(p -> p.startsWith("providers.bad.max_output_tokens:"))
                .anyMatch(p -> p.startsWith("providers.bad.format_preference:"));
        assertThat(String.join("\n", problems)).doesNotContain("sk-secret-value-123").doesNotContain("short");
    }

    @Test
    void controlPlaneSettingsDefaultAndNegativeOnesAreNamed(@TempDir Path dir) throws IOException {
        AimuxConfig defaults = build(write(dir, "{}"), Map.of()).getConfigMapping(AimuxConfig.class);
        assertThat(defaults.providers().get("cerebras").modelsRefreshSeconds()).isEqualTo(600);
        assertThat(defaults.providers().get("cerebras").healthProbeSeconds()).isZero();
        assertThat(defaults.limits().controlTimeoutSeconds()).isEqualTo(10);

        Path file = write(dir, """
                {"limits": {"control_timeout_seconds": 0},
                 "providers": {"cerebras": {"models_refresh_seconds": -1, "health_probe_seconds": -30}}}""");
        AimuxConfig config = build(file, Map.of()).getConfigMapping(AimuxConfig.class);
        assertThat(ConfigValidator.problems(config, java.util.Set.of("hermes"))).containsExactlyInAnyOrder(
                "limits.control_timeout_seconds: must be a positive number",
                "providers.cerebras.models_refresh_seconds: must be 0 (off) or a positive number of seconds",
                "providers.cerebras.health_probe_seconds: must be 0 (off) or a positive number of seconds");
    }

    @Test
    void brokenJsonIsReportedWithoutItsContent(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{\"providers\": {\"x\": {\"api_key\": \"sk-leak-me\" ");
        assertThatThrownBy(() -> ConfigJsonSourceProvider.load(file))
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("sk-leak-me");
    }

    @Test
    void aKeyWrittenWithoutQuotesIsNotQuotedBack(@TempDir Path dir) throws IOException {
        // the parser's own message would quote the unquoted token: the key itself
        Path file = write(dir, "{\"providers\": {\"x\": {\"api_key\": sk_live_leakme0123456789}}}");
        assertThatThrownBy(() -> ConfigJsonSourceProvider.load(file))
                .hasMessageContaining("not valid JSON (line 1, column").hasMessageNotContaining("leakme");
    }
}
