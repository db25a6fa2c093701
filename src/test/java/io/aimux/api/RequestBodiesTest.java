package io.aimux.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimux.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies past the JSON bounds are refused in the gateway's words, never the parser's. */
class RequestBodiesTest {

    static Stream<Arguments> bad() {
        return Stream.of(
            Arguments.of("nesting", ("{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.UTF_8), "JSON limits"),
            Arguments.of("key length", ("{\"" + "k".repeat(5000) + "\":1}").getBytes(StandardCharsets.UTF_8), "JSON limits"),
            Arguments.of("number length", ("{\"a\":" + "9".repeat(200) + "}").getBytes(StandardCharsets.UTF_8), "JSON limits"),
            Arguments.of("token count", ("{\"a\":[" + "{},".repeat(2_100_000) + "{}]}").getBytes(StandardCharsets.UTF_8), "JSON limits"),
            Arguments.of("duplicate key", "{\"model\":\"a\",\"model\":\"<b>\"}".getBytes(StandardCharsets.UTF_8), "a key appears twice"),
            Arguments.of("invalid utf-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}, "not valid JSON at line 1, column"),
            Arguments.of("garbage", "{\"model\": <script>}".getBytes(StandardCharsets.UTF_8), "not valid JSON at line 1, column 11"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusedWithoutParserInternals(String name, byte[] body, String expected) {
        for (Runnable parse : new Runnable[] {() -> RequestBodies.parseObject(body), () -> RequestBodies.parseObject(Buffer.buffer(body))}) {
            assertThatThrownBy(parse::run).isInstanceOf(GatewayException.class)
                    .hasMessageContaining(expected)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("com.fasterxml", "Constraints", "Source", "<", "(for", "'"));
        }
    }

    @Test
    void parsesFromTheReceivedBufferWithoutCopy() {
        Buffer body = Buffer.buffer("xx{\"model\":\"m\"}").slice(2, 15);
        assertThat(RequestBodies.parseObject(body).path("model").asText()).isEqualTo("m");
    }
}
