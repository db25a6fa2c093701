package io.aimux.provider.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.SseEvent;
import io.aimux.chat.Usage;
import io.aimux.provider.UpstreamErrors;
import io.aimux.provider.WireDecoders;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the answer of an upstream that speaks the Responses API ({@code type: openai-responses})
 * into events, for clients of the other two protocols: output text, reasoning summaries and text
 * (as thinking), and function calls; {@code response.completed} / {@code .incomplete} /
 * {@code .failed} end it with usage. Hosted tool items and custom tool calls have no counterpart
 * in Chat Completions or Messages and are left out. Items are read from their deltas, and from
 * {@code response.output_item.done} when an upstream sent no deltas for them.
 * See https://platform.openai.com/docs/api-reference/responses-streaming
 */
public final class ResponsesDecoder implements WireDecoders.StreamDecoder {

    private final ObjectMapper mapper;
    private final ChatEventSink sink;
    /** Tool call index (as the events number calls) by output index. */
    private final Map<Integer, Integer> calls = new HashMap<>();
    /** Output indexes whose text or arguments arrived as deltas. */
    private final java.util.Set<Integer> streamed = new java.util.HashSet<>();
    private boolean done;

    public ResponsesDecoder(ObjectMapper mapper, ChatEventSink sink) {
        this.mapper = mapper;
        this.sink = sink;
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public void onEvent(SseEvent event) {
        if (done || event.data().isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(event.data());
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            fail("api_error", "upstream sent an event that is not JSON");
            return;
        }
        String type = node.path("type").asText(event.event() == null ? "" : event.event());
        int index = node.path("output_index").asInt(-1);
        switch (type) {
            case "response.output_item.added" -> {
                JsonNode item = node.path("item");
                if (item.path("type").asText().equals("function_call")) {
                    startCall(index, item);
                }
            }
            case "response.output_text.delta", "response.refusal.delta" -> {
                streamed.add(index);
                text(node.path("delta").asText(""));
            }
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> {
                streamed.add(index);
                String delta = node.path("delta").asText("");
                if (!delta.isEmpty()) {
                    sink.accept(new ChatEvent.ThinkingDelta(delta));
                }
            }
            case "response.function_call_arguments.delta" -> {
                Integer call = calls.get(index);
                String delta = node.path("delta").asText("");
                if (call != null && !delta.isEmpty()) {
                    streamed.add(index);
                    sink.accept(new ChatEvent.ToolCallDelta(call, delta));
                }
            }
            case "response.output_item.done" -> {
                if (!streamed.contains(index)) {
                    item(index, node.path("item"));
                }
            }
            case "response.completed", "response.incomplete" -> finish(node.path("response"));
            case "response.failed" -> {
                JsonNode response = node.path("response");
                usage(response.path("usage"));
                JsonNode error = response.path("error");
                fail(errorType(error), error.isObject() ? UpstreamErrors.safeMessage(error) : "upstream response failed");
            }
            case "error" -> {
                JsonNode error = node.has("error") ? node.get("error") : node;
                fail(errorType(error), UpstreamErrors.safeMessage(error));
            }
            default -> {
                // lifecycle, part and annotation events, hosted tool progress: nothing to carry
            }
        }
    }

    /** Decodes a complete (non-streamed) response object; ends the sink. */
    public static void body(JsonNode response, ChatEventSink sink) {
        JsonNode error = response.get("error");
        if (error != null && error.isObject()) {
            sink.accept(new ChatEvent.Failure(errorType(error), UpstreamErrors.safeMessage(error)));
            sink.end();
            return;
        }
        ResponsesDecoder decoder = new ResponsesDecoder(null, sink);
        JsonNode output = response.path("output");
        for (int i = 0; i < output.size(); i++) {
            decoder.item(i, output.get(i));
        }
        decoder.finish(response);
        sink.end();
    }

    /** One whole output item, as {@code output_item.done} or a body carries it. */
    private void item(int index, JsonNode item) {
        switch (item.path("type").asText()) {
            case "message" -> {
                for (JsonNode part : item.path("content")) {
                    String kind = part.path("type").asText();
                    if (kind.equals("output_text")) {
                        text(part.path("text").asText(""));
                    } else if (kind.equals("refusal")) {
                        text(part.path("refusal").asText(""));
                    }
                }
            }
            case "reasoning" -> {
                StringBuilder thinking = new StringBuilder();
                for (JsonNode part : item.path("summary")) {
                    thinking.append(thinking.length() > 0 ? "\n\n" : "").append(part.path("text").asText(""));
                }
                for (JsonNode part : item.path("content")) {
                    thinking.append(thinking.length() > 0 ? "\n\n" : "").append(part.path("text").asText(""));
                }
                if (thinking.length() > 0) {
                    sink.accept(new ChatEvent.ThinkingDelta(thinking.toString()));
                }
            }
            case "function_call" -> {
                Integer call = calls.get(index);
                if (call == null) {
                    call = startCall(index, item);
                }
                String arguments = item.path("arguments").asText("");
                if (!arguments.isEmpty()) {
                    sink.accept(new ChatEvent.ToolCallDelta(call, arguments));
                }
            }
            default -> {
                // hosted tool calls and custom tool calls have no Chat Completions or Messages counterpart
            }
        }
    }

    private int startCall(int index, JsonNode item) {
        int call = calls.size();
        calls.put(index, call);
        sink.accept(new ChatEvent.ToolCallStart(call, item.path("call_id").asText(""), item.path("name").asText("")));
        return call;
    }

    private void text(String text) {
        if (!text.isEmpty()) {
            sink.accept(new ChatEvent.TextDelta(text));
        }
    }

    private void finish(JsonNode response) {
        done = true;
        usage(response.path("usage"));
        FinishReason reason;
        if (response.path("status").asText().equals("incomplete")) {
            reason = response.path("incomplete_details").path("reason").asText().equals("content_filter")
                    ? FinishReason.CONTENT_FILTER : FinishReason.LENGTH;
        } else {
            reason = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        }
        sink.accept(new ChatEvent.Finish(reason));
    }

    private void usage(JsonNode usage) {
        if (usage != null && usage.isObject()) {
            sink.accept(new ChatEvent.UsageReport(usageOf(usage)));
        }
    }

    private void fail(String type, String message) {
        done = true;
        sink.accept(new ChatEvent.Failure(type, message));
    }

    /** The gateway's usage of a Responses {@code usage} object. */
    public static Usage usageOf(JsonNode usage) {
        return new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0), 0,
                usage.path("output_tokens_details").path("reasoning_tokens").asLong(0));
    }

    /** An error type the gateway's kinds know, from a Responses error code or type. */
    static String errorType(JsonNode error) {
        String code = error.path("code").asText("");
        String type = switch (code) {
            case "rate_limit_exceeded", "insufficient_quota" -> "rate_limit_error";
            case "context_length_exceeded", "invalid_prompt" -> "invalid_request_error";
            case "server_error" -> "api_error";
            default -> UpstreamErrors.type(error);
        };
        return type.equals("error") ? "api_error" : type; // an error event's own type names no kind
    }
}
