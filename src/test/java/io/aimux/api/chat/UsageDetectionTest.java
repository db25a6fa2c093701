package io.aimux.api.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageDetectionTest {

    @Test
    void onlyUsageObjectsCount() {
        assertThat(ChatExchange.hasUsageObject("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")).isTrue();
        assertThat(ChatExchange.hasUsageObject("{\"usage\" : {\"x\":1}}")).isTrue();
        assertThat(ChatExchange.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}")).isFalse();
        assertThat(ChatExchange.hasUsageObject("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\"\"}}]}")).isFalse();
        assertThat(ChatExchange.hasUsageObject("{\"a\":\"\\\"usage\\\"\",\"usage\":{\"y\":2}}")).isTrue();
    }
}
