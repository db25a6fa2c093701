package io.aimux.translate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.RequestBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.error.GatewayException;
import io.aimux.route.RoutingRequest;
import io.aimux.testing.FuzzInput;
import io.aimux.testing.FuzzJson;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of what a client request goes through before it is sent upstream, in the order the
 * gateway runs it: strict parsing ({@code api.RequestBodies}), the envelope check, the declared
 * tools, the token estimate routing may take, then either the same-protocol fitting
 * ({@link AnthropicToAnthropic}) or the validator and the translator to the other protocol.
 *
 * <p>The property: the request is either carried or refused with a {@link GatewayException} of a
 * 4xx kind whose message is short and names no parser internals; nothing else is ever thrown, and
 * a translation is at most a few times the size of the request (no blow-up a client could use to
 * make the gateway allocate).
 *
 * <p>Regression mode replays {@code src/test/resources/io/aimux/translate/RequestFuzzTestInputs/};
 * docs/fuzzing.md says how to fuzz for real. The {@code *Body} tests read the input as the raw
 * request body (seeds are real request bodies). The {@code *Tree} tests build a request tree from
 * the input ({@link FuzzJson}) so that most inputs pass the envelope and exercise the translators;
 * an input that is itself a JSON object is taken as it is, so real requests seed them too.
 */
class RequestFuzzTest {

    /** Upstream feature sets the fitting and the translators are run with. */
    static final List<UpstreamFeatures> FEATURES = List.of(
            UpstreamFeatures.BASIC,
            new UpstreamFeatures(true, true, true, null, true, null),
            new UpstreamFeatures(false, false, false, "adaptive", false, List.of("context-management-2025-06-27")),
            new UpstreamFeatures(true, false, true, "budget", true, null),
            new UpstreamFeatures(false, true, false, "none", false, List.of()));

    /** Longest refusal message: the validators quote at most a short excerpt of client text. */
    static final int MAX_MESSAGE = 1000;

    @FuzzTest
    void openAiBody(byte[] data) {
        carryOrRefuse(WireProtocol.OPENAI, data, FEATURES.get(Math.floorMod(Arrays.hashCode(data), FEATURES.size())));
    }

    @FuzzTest
    void anthropicBody(byte[] data) {
        carryOrRefuse(WireProtocol.ANTHROPIC, data, FEATURES.get(Math.floorMod(Arrays.hashCode(data), FEATURES.size())));
    }

    @FuzzTest
    void openAiTree(byte[] data) {
        tree(WireProtocol.OPENAI, data);
    }

    @FuzzTest
    void anthropicTree(byte[] data) {
        tree(WireProtocol.ANTHROPIC, data);
    }

    private static void tree(WireProtocol protocol, byte[] data) {
        if (data.length > 0 && data[0] == '{') {
            carryOrRefuse(protocol, data, FEATURES.get(Math.floorMod(Arrays.hashCode(data), FEATURES.size())));
            return;
        }
        FuzzInput in = new FuzzInput(data);
        UpstreamFeatures features = FEATURES.get(in.below(FEATURES.size()));
        ObjectNode request = FuzzJson.request(in, 150);
        carryOrRefuse(protocol, request.toString().getBytes(StandardCharsets.UTF_8), features);
    }

    static void carryOrRefuse(WireProtocol protocol, byte[] bytes, UpstreamFeatures features) {
        try {
            ObjectNode body = RequestBodies.parseObject(bytes);
            RequestEnvelope.check(protocol, body);
            if (protocol == WireProtocol.OPENAI) {
                RequestTools.fromOpenAi(body);
            } else {
                RequestTools.fromAnthropic(body);
            }
            assertThat(new RoutingRequest(protocol, body, body.path("model").asText()).tokenEstimate()).isNotNegative();
            ObjectNode out;
            if (protocol == WireProtocol.ANTHROPIC) {
                ObjectNode fitted = body.deepCopy();
                AnthropicToAnthropic.adapt(fitted, features, field -> { });
                assertBounded(bytes, fitted);
                AnthropicRequestValidator.validate(body);
                out = AnthropicToOpenAi.request(body, "up-model", features, field -> { });
            } else {
                OpenAiRequestValidator.validate(body);
                out = OpenAiToAnthropic.request(body, "up-model", features, field -> { });
            }
            assertThat(out.path("model").asText()).isEqualTo("up-model");
            assertBounded(bytes, out);
        } catch (GatewayException e) {
            assertRefusal(e);
        }
    }

    static void assertBounded(byte[] in, ObjectNode out) {
        assertThat(out.toString().length()).as("translation of a %d-byte request", in.length)
                .isLessThanOrEqualTo(4 * in.length + 4096);
    }

    /** A refusal is the client's fault, said briefly, without the parser's or the JVM's vocabulary. */
    static void assertRefusal(GatewayException e) {
        assertThat(e.kind().status()).as("status of: %s", e.getMessage()).isBetween(400, 499);
        String message = e.getMessage();
        assertThat(message).isNotBlank();
        assertThat(message.length()).as(message).isLessThanOrEqualTo(MAX_MESSAGE);
        assertThat(message).doesNotContain("Exception", "com.fasterxml", "java.", "io.aimux", "\tat ");
    }
}
