package io.aimux.translate;

import io.aimux.testing.CorpusJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every request case of the conformance corpus through the validator and the translator. */
class RequestCasesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> cases() throws IOException, URISyntaxException {
        URL dir = RequestCasesTest.class.getResource("/conformance/cases");
        assertThat(dir).as("conformance cases on the test classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<Path> list = files.filter(p -> p.getFileName().toString().startsWith("req-"))
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
            return list.stream();
        }
    }

    @Test
    void corpusHasRequestCasesOfBothDirections() throws Exception {
        List<String> names = cases().map(p -> p.getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("req-a2o-")).anyMatch(n -> n.startsWith("req-o2a-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void requestCase(Path file) throws IOException {
        JsonNode testCase = MAPPER.readTree(file.toFile());
        assertThat(testCase.path("kind").asText()).isEqualTo("request");
        assertThat(testCase.path("id").asText() + ".json").isEqualTo(file.getFileName().toString());
        ObjectNode client = (ObjectNode) testCase.get("client_request");
        String clientProtocol = testCase.path("client_protocol").asText();
        String upstreamProtocol = testCase.path("upstream_protocol").asText();
        String model = client.get("model").asText();
        String upstreamModel = model.substring(model.indexOf('/') + 1);
        ObjectNode original = client.deepCopy();

        ObjectNode upstream;
        if (clientProtocol.equals("anthropic")) {
            assertThatCode(() -> AnthropicRequestValidator.validate(client)).doesNotThrowAnyException();
            assertThat(upstreamProtocol).isEqualTo("openai");
            upstream = AnthropicToOpenAi.request(client, upstreamModel);
        } else {
            assertThatCode(() -> OpenAiRequestValidator.validate(client)).doesNotThrowAnyException();
            assertThat(upstreamProtocol).isEqualTo("anthropic");
            upstream = OpenAiToAnthropic.request(client, upstreamModel);
        }

        assertThat(client).as("the client request is not modified").isEqualTo(original);
        String problem = CorpusJson.subsetMismatch(testCase.get("expect_upstream_request"), upstream);
        assertThat(problem).as("upstream request %s", upstream).isNull();
        for (JsonNode absent : testCase.path("expect_upstream_absent")) {
            assertThat(upstream.has(absent.asText())).as("%s must not be sent", absent.asText()).isFalse();
        }
        // the translated request is itself valid in the upstream protocol
        if (upstreamProtocol.equals("openai")) {
            assertThatCode(() -> OpenAiRequestValidator.validate(upstream)).doesNotThrowAnyException();
        } else {
            assertThatCode(() -> AnthropicRequestValidator.validate(upstream)).doesNotThrowAnyException();
        }
    }
}
