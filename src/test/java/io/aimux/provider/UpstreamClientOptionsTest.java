package io.aimux.provider;

import io.aimux.config.TestConfigs;
import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pooled upstream connections are dropped before common servers close them, and writes are not delayed. */
class UpstreamClientOptionsTest {

    @Test
    void idleConnectionsAreReusedForFourSecondsByDefault() {
        HttpClientOptions options = ProviderRegistry.upstreamClientOptions(TestConfigs.fromJson("{}").limits());
        assertThat(options.getKeepAliveTimeout()).isEqualTo(4);
        assertThat(options.isKeepAlive()).isTrue();
        assertThat(options.isTcpNoDelay()).isTrue();
    }

    @Test
    void theKeepAliveFollowsConfiguration() {
        var limits = TestConfigs.fromJson("{\"limits\":{\"upstream_keep_alive_seconds\":30}}").limits();
        assertThat(ProviderRegistry.upstreamClientOptions(limits).getKeepAliveTimeout()).isEqualTo(30);
    }
}
