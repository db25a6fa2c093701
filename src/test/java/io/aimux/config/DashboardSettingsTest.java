package io.aimux.config;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** dashboard.* settings: defaults, and values that would stop the live updates refused at startup. */
class DashboardSettingsTest {

    @Test
    void defaultsAndBadValues() {
        AimuxConfig defaults = TestConfigs.fromJson("{}");
        assertThat(defaults.dashboard().refreshSeconds()).isEqualTo(2);
        assertThat(defaults.dashboard().maxSubscribers()).isEqualTo(16);
        AimuxConfig set = TestConfigs.fromJson("{\"dashboard\": {\"refresh_seconds\": 5, \"max_subscribers\": 3}}");
        assertThat(set.dashboard().refreshSeconds()).isEqualTo(5);
        assertThat(set.dashboard().maxSubscribers()).isEqualTo(3);
        assertThat(ConfigValidator.problems(set, Set.of())).isEmpty();
        assertThat(ConfigValidator.problems(TestConfigs.fromJson(
                "{\"dashboard\": {\"refresh_seconds\": 0, \"max_subscribers\": -1}}"), Set.of())).contains(
                "dashboard.refresh_seconds: must be a positive number", "dashboard.max_subscribers: must be a positive number");
    }
}
