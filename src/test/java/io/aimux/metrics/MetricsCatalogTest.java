package io.aimux.metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MetricsTraffic.Profile.class)
class MetricsCatalogTest {

    @Test
    void dump() throws Exception {
        MetricsTraffic.drive();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/metrics-dump.txt"), MetricsTraffic.scrape());
    }
}
