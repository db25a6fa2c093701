package io.aimux.conformance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts {@link FakeUpstream} before the gateway and points two providers at it: {@code oai}
 * (OpenAI format) and {@code ant} (Anthropic format). No client keys are configured, so the
 * gateway serves anonymous requests on loopback.
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    /** Property through which the test finds the fake upstream's control endpoints. */
    static final String BASE_PROPERTY = "aimux-test.fake-upstream.base";

    private FakeUpstream upstream;

    @Override
    public Map<String, String> start() {
        try {
            upstream = new FakeUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        upstream.start();
        String base = "http://127.0.0.1:" + upstream.port();
        return Map.of(
                BASE_PROPERTY, base,
                "aimux.providers.oai.type", "openai",
                "aimux.providers.oai.base-url", base + "/oai/v1",
                "aimux.providers.oai.api-key", "sk-test-oai",
                "aimux.providers.ant.type", "anthropic",
                "aimux.providers.ant.base-url", base + "/ant",
                "aimux.providers.ant.api-key", "sk-ant-test",
                // the replay reads the request log, so no background model-list fetches
                "aimux.providers.oai.models-refresh-seconds", "0",
                "aimux.providers.ant.models-refresh-seconds", "0");
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.stop();
        }
    }
}
