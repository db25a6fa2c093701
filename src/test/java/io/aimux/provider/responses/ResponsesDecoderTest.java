package io.aimux.provider.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.SseEvent;
import io.aimux.translate.ChatToResponses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses answers decoded into events, and chat requests converted for such upstreams. */
class ResponsesDecoderTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final class Collect implements ChatEventSink {
        final List<ChatEvent> events = new ArrayList<>();
        boolean ended;

        @Override
        public void accept(ChatEvent event) {
            events.add(event);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    private static List<ChatEvent> decode(String... datas) {
        Collect sink = new Collect();
        ResponsesDecoder decoder = new ResponsesDecoder(MAPPER, sink);
        for (String data : datas) {
            decoder.onEvent(new SseEvent(("data: " + data).getBytes(java.nio.charset.StandardCharsets.UTF_8), null, data));
        }
        return sink.events;
    }

    @Test
    void deltasBecomeTextThinkingAndCallsAndTheTerminalEventFinishesWithUsage() {
        List<ChatEvent> events = decode(
                "{\"type\":\"response.created\",\"response\":{\"usage\":null}}",
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"reasoning\"}}",
                "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"delta\":\"hmm\"}",
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"summary\":[{\"text\":\"hmm\"}]}}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":1,\"delta\":\"hi\"}",
                "{\"type\":\"response.output_item.added\",\"output_index\":2,\"item\":{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\"}}",
                "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":2,\"delta\":\"{}\"}",
                "{\"type\":\"response.output_item.done\",\"output_index\":2,\"item\":{\"type\":\"function_call\",\"arguments\":\"{}\"}}",
                "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":5,"
                        + "\"output_tokens\":3,\"output_tokens_details\":{\"reasoning_tokens\":2}}}}");
        assertThat(events).containsExactly(new ChatEvent.ThinkingDelta("hmm"), new ChatEvent.TextDelta("hi"),
                new ChatEvent.ToolCallStart(0, "c1", "f"), new ChatEvent.ToolCallDelta(0, "{}"),
                new ChatEvent.UsageReport(new io.aimux.chat.Usage(5, 3, 0, 0, 2)), new ChatEvent.Finish(FinishReason.TOOL_CALLS));
    }

    @Test
    void itemsWithoutDeltasAreReadWhole() {
        List<ChatEvent> events = decode(
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"all at once\"}]}}",
                "{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"g\",\"arguments\":\"{\\\"a\\\":1}\"}}",
                "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}}");
        assertThat(events).containsExactly(new ChatEvent.TextDelta("all at once"), new ChatEvent.ToolCallStart(0, "c", "g"),
                new ChatEvent.ToolCallDelta(0, "{\"a\":1}"), new ChatEvent.Finish(FinishReason.LENGTH));
    }

    @Test
    void failedResponsesAndErrorEventsKeepTheirKind() {
        assertThat(decode("{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}}"))
                .containsExactly(new ChatEvent.Failure("rate_limit_error", "slow"));
        assertThat(decode("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\"}"))
                .containsExactly(new ChatEvent.Failure("api_error", "boom"));
        assertThat(decode("not json")).singleElement().isInstanceOf(ChatEvent.Failure.class);
    }

    @Test
    void bodyIsDecodedAndEnded() throws Exception {
        Collect sink = new Collect();
        ResponsesDecoder.body(MAPPER.readTree("{\"status\":\"completed\",\"error\":null,\"output\":[{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"ok\"}]}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"), sink);
        assertThat(sink.events).containsExactly(new ChatEvent.TextDelta("ok"),
                new ChatEvent.UsageReport(new io.aimux.chat.Usage(1, 1, 0, 0, 0)), new ChatEvent.Finish(FinishReason.STOP));
        assertThat(sink.ended).isTrue();
    }

    @Test
    void chatRequestBecomesAResponsesRequest() throws Exception {
        ObjectNode chat = (ObjectNode) MAPPER.readTree("""
                {"model":"x","max_completion_tokens":99,"stop":["\\n"],"reasoning_effort":"low","stream":true,
                 "stream_options":{"include_usage":true},
                 "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"},"strict":true}},
                 "tool_choice":{"type":"function","function":{"name":"f"}},
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "messages":[{"role":"developer","content":"rules"},
                   {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]},
                   {"role":"assistant","content":"calling","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"c1","content":"done"}]}""");
        List<String> dropped = new ArrayList<>();
        ObjectNode out = ChatToResponses.request(chat, "up", dropped::add);
        assertThat(out.toString()).isEqualTo(MAPPER.readTree("""
                {"model":"up","input":[
                  {"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"look"},
                    {"type":"input_image","image_url":"data:image/png;base64,AA==","detail":"auto"}]},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"calling"}]},
                  {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"done"}],
                 "stream":true,"max_output_tokens":99,
                 "tools":[{"type":"function","name":"f","parameters":{"type":"object"},"strict":false}],
                 "tool_choice":{"type":"function","name":"f"},
                 "text":{"format":{"type":"json_schema","name":"r","schema":{"type":"object"},"strict":true}},
                 "reasoning":{"effort":"low"},"store":false}""").toString());
        assertThat(dropped).containsExactly("stop");
    }
}
