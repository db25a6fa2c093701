package io.aimux.api.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageDetectionTest {

    @Test
    void onlyUsageObjectsCount() {
        assertThat(PassthroughRelay.hasUsageObject("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")).isTrue();
        assertThat(PassthroughRelay.hasUsageObject("{\"usage\" : {\"x\":1}}")).isTrue();
        assertThat(PassthroughRelay.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}")).isFalse();
        assertThat(PassthroughRelay.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\"\"}}]}")).isFalse();
        assertThat(PassthroughRelay.hasUsageObject("{\"a\":\"\\\"usage\\\"\",\"usage\":{\"y\":2}}")).isTrue();
    }
}
