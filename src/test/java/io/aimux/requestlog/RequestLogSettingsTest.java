package io.aimux.requestlog;

import io.aimux.config.AimuxConfig;
import io.aimux.config.ConfigValidator;
import io.aimux.config.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The request log's settings: defaults as documented, and bounds that stop startup with a named key. */
class RequestLogSettingsTest {

    @Test
    void defaults() {
        AimuxConfig config = TestConfigs.fromJson("{}");
        AimuxConfig.RequestLog log = config.requestLog();
        assertThat(log.size()).isEqualTo(1000);
        assertThat(log.bodies()).isFalse();
        assertThat(log.maxBodyChars()).isEqualTo(32768);
        assertThat(log.persist()).isFalse();
        assertThat(log.maxFileBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(log.maxFiles()).isEqualTo(8);
        assertThat(log.queueSize()).isEqualTo(10000);
        assertThat(config.accessLog()).isTrue();
        assertThat(ConfigValidator.problems(config, Set.of())).noneMatch(p -> p.startsWith("request_log"));
    }

    @Test
    void outOfBoundValuesAreNamed() {
        AimuxConfig config = TestConfigs.fromJson("{\"request_log\":{\"size\":100001,\"max_body_chars\":-1,"
                + "\"max_file_bytes\":100,\"max_files\":0,\"queue_size\":0}}");
        assertThat(ConfigValidator.problems(config, Set.of())).contains(
                "request_log.size: must be between 0 and 100000",
                "request_log.max_body_chars: must be between 0 and 1048576",
                "request_log.max_file_bytes: must be at least 4096",
                "request_log.max_files: must be between 1 and 1000",
                "request_log.queue_size: must be between 1 and 1000000");
    }
}
