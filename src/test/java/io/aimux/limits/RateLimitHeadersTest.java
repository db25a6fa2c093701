package io.aimux.limits;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

    @ParameterizedTest
    @CsvSource({"0, 0ms", "250, 250ms", "1000, 1s", "5400, 6s", "59001, 1m0s", "60000, 1m0s", "61000, 1m1s",
            "3723000, 1h2m3s", "-5, 0ms"})
    void openAiResetDurations(long millis, String expected) {
        assertThat(RateLimitHeaders.duration(millis)).isEqualTo(expected);
    }
}
