package io.aimux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.WireProtocol;
import io.aimux.chat.Usage;
import io.aimux.provider.UpstreamErrors;

/** Turns a complete Anthropic Messages body into events, block by block in order. */
public final class AnthropicResponseDecoder {

    private AnthropicResponseDecoder() {
    }

    public static void decode(JsonNode body, ChatEventSink sink) {
        if ("error".equals(body.path("type").asText()) || !body.path("content").isArray()) {
            sink.accept(body.path("error").isObject()
                    ? new ChatEvent.Failure(UpstreamErrors.type(body.path("error")), "upstream error: " + UpstreamErrors.safeMessage(body.path("error")))
                    : new ChatEvent.Failure("api_error", "upstream answer has no content"));
            sink.end();
            return;
        }
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) {
            sink.accept(new ChatEvent.UsageReport(usage(usage)));
        }
        int calls = 0;
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    String text = block.path("text").asText("");
                    if (!text.isEmpty()) {
                        sink.accept(new ChatEvent.TextDelta(text));
                    }
                }
                case "thinking" -> {
                    sink.accept(new ChatEvent.ThinkingDelta(block.path("thinking").asText("")));
                    String signature = block.path("signature").asText("");
                    if (!signature.isEmpty()) {
                        sink.accept(new ChatEvent.SignatureDelta(signature));
                    }
                }
                case "redacted_thinking" -> sink.accept(new ChatEvent.RedactedThinking(block.path("data").asText("")));
                case "tool_use" -> {
                    int index = calls++;
                    sink.accept(new ChatEvent.ToolCallStart(index, block.path("id").asText(null), block.path("name").asText("")));
                    JsonNode input = block.get("input");
                    sink.accept(new ChatEvent.ToolCallDelta(index, input == null || input.isNull() ? "{}" : input.toString()));
                }
                default -> sink.accept(new ChatEvent.OpaqueBlock(WireProtocol.ANTHROPIC, block.toString()));
            }
        }
        sink.accept(new ChatEvent.Finish(FinishReason.fromAnthropic(body.path("stop_reason").asText(null)),
                body.path("stop_sequence").isTextual() ? body.path("stop_sequence").asText() : null));
        sink.end();
    }

    /** Reads an Anthropic usage object. */
    public static Usage usage(JsonNode usage) {
        return new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_read_input_tokens").asLong(0), usage.path("cache_creation_input_tokens").asLong(0));
    }
}
