package io.aimux.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.Ids;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.WireProtocol;
import io.aimux.chat.Usage;

import java.io.IOException;

/** Builds an Anthropic {@code message} body from a collected answer. */
public final class AnthropicResponseEncoder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicResponseEncoder() {
    }

    public static ObjectNode encode(ResponseAccumulator answer, String model) {
        ObjectNode body = JSON.objectNode();
        body.put("id", Ids.random("msg_", 24));
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", model);
        ArrayNode content = body.putArray("content");
        for (ResponseAccumulator.Block block : answer.blocks()) {
            if (block instanceof ResponseAccumulator.Block.Text t) {
                content.addObject().put("type", "text").put("text", t.text().toString());
            } else if (block instanceof ResponseAccumulator.Block.Thinking t) {
                content.addObject().put("type", "thinking").put("thinking", t.text().toString())
                        .put("signature", t.signature().toString());
            } else if (block instanceof ResponseAccumulator.Block.Redacted r) {
                content.addObject().put("type", "redacted_thinking").put("data", r.data());
            } else if (block instanceof ResponseAccumulator.Block.ToolCall call) {
                ObjectNode use = content.addObject().put("type", "tool_use")
                        .put("id", call.id() == null || call.id().isEmpty() ? Ids.anthropicToolUse() : call.id())
                        .put("name", call.name());
                use.set("input", toInput(call.arguments().toString()));
            } else if (block instanceof ResponseAccumulator.Block.Opaque o && o.protocol() == WireProtocol.ANTHROPIC) {
                JsonNode kept = opaque(o.json());
                if (kept != null) {
                    content.add(kept);
                }
            }
        }
        body.put("stop_reason", answer.finish().reason().anthropic());
        if (answer.finish().stopSequence() != null) {
            body.put("stop_sequence", answer.finish().stopSequence());
        } else {
            body.putNull("stop_sequence");
        }
        body.set("usage", usage(answer.usage()));
        return body;
    }

    /** An opaque block as it came from the upstream (it was parsed there once, so it parses). */
    private static JsonNode opaque(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Tool input must be an object for Anthropic clients; unparsable arguments become {}. */
    public static JsonNode toInput(String arguments) {
        if (arguments.isBlank()) {
            return JSON.objectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(arguments);
            return node != null && node.isObject() ? node : JSON.objectNode();
        } catch (IOException e) {
            return JSON.objectNode();
        }
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("input_tokens", usage.inputTokens());
        node.put("output_tokens", usage.outputTokens());
        if (usage.cacheReadTokens() > 0) {
            node.put("cache_read_input_tokens", usage.cacheReadTokens());
        }
        if (usage.cacheWriteTokens() > 0) {
            node.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        }
        return node;
    }
}
