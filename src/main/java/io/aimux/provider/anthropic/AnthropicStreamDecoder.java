package io.aimux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.SseEvent;
import io.aimux.chat.StreamFormatException;
import io.aimux.chat.WireProtocol;
import io.aimux.provider.UpstreamErrors;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes Anthropic Messages SSE (https://docs.anthropic.com/en/api/messages-streaming) into
 * events: block indexes become tool-call indexes, {@code input_json_delta} fragments become
 * argument fragments, {@code message_delta} carries the stop reason and output usage.
 */
public final class AnthropicStreamDecoder implements io.aimux.provider.WireDecoders.StreamDecoder {

    private final ObjectMapper mapper;
    private final ChatEventSink sink;
    /** Block index to tool-call index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    /** Tool blocks that got no input_json_delta yet; their start input is used if none comes. */
    private final Map<Integer, String> startInputs = new HashMap<>();
    /** Blocks relayed as they are, by index. */
    private final java.util.Set<Integer> opaqueBlocks = new java.util.HashSet<>();
    private int calls;
    private boolean done;

    public AnthropicStreamDecoder(ObjectMapper mapper, ChatEventSink sink) {
        this.mapper = mapper;
        this.sink = sink;
    }

    /** Whether {@code message_stop} arrived. */
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
            throw new StreamFormatException("upstream sent an event that is not JSON");
        }
        String type = node.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "message_start" -> {
                JsonNode usage = node.path("message").get("usage");
                if (usage != null && usage.isObject()) {
                    sink.accept(new ChatEvent.UsageReport(AnthropicResponseDecoder.usage(usage)));
                }
            }
            case "content_block_start" -> blockStart(node.path("index").asInt(), node.path("content_block"));
            case "content_block_delta" -> blockDelta(node.path("index").asInt(), node.path("delta"));
            case "content_block_stop" -> {
                int index = node.path("index").asInt();
                String pending = startInputs.remove(index);
                if (pending != null) {
                    sink.accept(new ChatEvent.ToolCallDelta(toolBlocks.get(index), pending));
                }
            }
            case "message_delta" -> {
                JsonNode delta = node.path("delta");
                JsonNode usage = node.get("usage");
                if (usage != null && usage.isObject()) {
                    sink.accept(new ChatEvent.UsageReport(AnthropicResponseDecoder.usage(usage)));
                }
                if (delta.hasNonNull("stop_reason")) {
                    sink.accept(new ChatEvent.Finish(FinishReason.fromAnthropic(delta.path("stop_reason").asText()),
                            delta.path("stop_sequence").isTextual() ? delta.path("stop_sequence").asText() : null));
                }
            }
            case "message_stop" -> done = true;
            case "error" -> {
                sink.accept(new ChatEvent.Failure(UpstreamErrors.type(node.path("error")),
                        UpstreamErrors.safeMessage(node.path("error"))));
                done = true;
            }
            default -> {
                // ping and unknown future events carry nothing for the client
            }
        }
    }

    private void blockStart(int index, JsonNode block) {
        switch (block.path("type").asText("")) {
            case "text" -> {
                String text = block.path("text").asText("");
                if (!text.isEmpty()) {
                    sink.accept(new ChatEvent.TextDelta(text));
                }
            }
            case "thinking" -> {
                String text = block.path("thinking").asText("");
                if (!text.isEmpty()) {
                    sink.accept(new ChatEvent.ThinkingDelta(text));
                }
            }
            case "redacted_thinking" -> sink.accept(new ChatEvent.RedactedThinking(block.path("data").asText("")));
            case "tool_use" -> {
                int call = calls++;
                toolBlocks.put(index, call);
                sink.accept(new ChatEvent.ToolCallStart(call, block.path("id").asText(null), block.path("name").asText("")));
                JsonNode input = block.get("input");
                startInputs.put(index, input != null && input.isObject() ? input.toString() : "{}");
            }
            default -> { // server tool use and results, and block types newer than the gateway
                opaqueBlocks.add(index);
                sink.accept(new ChatEvent.OpaqueBlock(WireProtocol.ANTHROPIC, block.toString()));
            }
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        if (opaqueBlocks.contains(index)) {
            sink.accept(new ChatEvent.OpaqueDelta(WireProtocol.ANTHROPIC, delta.toString()));
            return;
        }
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty()) {
                    sink.accept(new ChatEvent.TextDelta(text));
                }
            }
            case "thinking_delta" -> sink.accept(new ChatEvent.ThinkingDelta(delta.path("thinking").asText("")));
            case "signature_delta" -> sink.accept(new ChatEvent.SignatureDelta(delta.path("signature").asText("")));
            case "input_json_delta" -> {
                Integer call = toolBlocks.get(index);
                String fragment = delta.path("partial_json").asText("");
                if (call != null && !fragment.isEmpty()) {
                    startInputs.remove(index);
                    sink.accept(new ChatEvent.ToolCallDelta(call, fragment));
                }
            }
            default -> sink.accept(new ChatEvent.OpaqueDelta(WireProtocol.ANTHROPIC, delta.toString())); // citations…
        }
    }
}
