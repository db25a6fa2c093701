package io.aimux.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of the config.json loader ({@link ConfigJsonSourceProvider}): any text either becomes
 * properties or is refused with one of three fixed messages that give a position at most, so no
 * part of the file (a provider key, say) can reach the startup log through a parse error. The
 * input is the file's bytes; seeds ({@code src/test/resources/io/aimux/config/ConfigJsonFuzzTestInputs/})
 * are real configurations and broken ones.
 */
class ConfigJsonFuzzTest {

    private static final Pattern REFUSAL = Pattern.compile(
            "config\\.json (is not valid JSON( \\(line -?\\d+, column -?\\d+\\))?|could not be read|must hold a JSON object)");

    @FuzzTest
    void anyText(byte[] data) {
        Map<String, String> properties;
        try {
            properties = ConfigJsonSourceProvider.parse("config.json", data);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).matches(REFUSAL);
            assertThat(e.getCause()).isNull();
            return;
        }
        assertThat(properties.size()).isLessThanOrEqualTo(data.length);
        properties.forEach((key, value) -> {
            assertThat(key).startsWith("aimux");
            assertThat(key.length()).isLessThanOrEqualTo(4 * data.length + 16);
            assertThat(value.length()).isLessThanOrEqualTo(data.length);
        });
    }
}
