package io.aimux.metrics;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BuildInfoTest {

    @Test
    void valuesTheBuildCouldNotFillInAreUnknown() {
        Properties properties = new Properties();
        properties.setProperty("version", "1.2.3");
        properties.setProperty("commit", ""); // git ran but found no history
        properties.setProperty("build_time", "${aimux.build.time}"); // never filtered
        BuildInfo info = new BuildInfo(properties);
        assertThat(info.version()).isEqualTo("1.2.3");
        assertThat(info.commit()).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(info.buildTime()).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(new BuildInfo(new Properties()).version()).isEqualTo(BuildInfo.UNKNOWN);
    }
}
