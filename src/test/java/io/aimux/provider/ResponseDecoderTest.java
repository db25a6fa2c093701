package io.aimux.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.provider.anthropic.AnthropicResponseDecoder;
import io.aimux.provider.openai.OpenAiResponseDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A 200 answer that carries an error is a failure, never an empty success. */
class ResponseDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void openAiErrorBodyIsAFailure() throws Exception {
        ResponseAccumulator answer = new ResponseAccumulator();
        OpenAiResponseDecoder.decode(JSON.readTree("{\"error\":{\"message\":\"quota exceeded\",\"type\":\"insufficient_quota\"}}"), answer);
        ChatEvent.Failure failure = answer.failure();
        assertThat(failure).isNotNull();
        assertThat(failure.message()).contains("quota exceeded");
    }

    @Test
    void openAiBodyWithoutChoicesIsAFailure() throws Exception {
        ResponseAccumulator answer = new ResponseAccumulator();
        OpenAiResponseDecoder.decode(JSON.readTree("{\"id\":\"x\",\"choices\":[]}"), answer);
        assertThat(answer.failure()).isNotNull();
    }

    @Test
    void anthropicErrorBodyIsAFailure() throws Exception {
        ResponseAccumulator answer = new ResponseAccumulator();
        AnthropicResponseDecoder.decode(JSON.readTree("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"), answer);
        assertThat(answer.failure()).isNotNull();
        assertThat(answer.failure().message()).contains("Overloaded");
    }

    @Test
    void ordinaryAnswersStillDecode() throws Exception {
        ResponseAccumulator answer = new ResponseAccumulator();
        OpenAiResponseDecoder.decode(JSON.readTree("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"finish_reason\":\"stop\"}]}"), answer);
        assertThat(answer.failure()).isNull();
        assertThat(answer.text()).isEqualTo("hi");
    }
}
