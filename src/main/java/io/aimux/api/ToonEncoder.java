package io.aimux.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.anthropic.AnthropicResponseEncoder;
import io.aimux.chat.ResponseAccumulator;

/**
 * The AIMUX envelope ({@code output_format: toon}) for consumers that are not SDKs: one flat
 * object with the answer text, the structured tool calls, the reasoning and metadata, the same
 * whichever protocol the client or the upstream speaks.
 */
public final class ToonEncoder {

    public static final String VERSION = "1";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ToonEncoder() {
    }

    public static ObjectNode encode(ResponseAccumulator answer, String provider, String model, String requestedModel) {
        ObjectNode body = JSON.objectNode();
        body.put("format", "toon");
        body.put("version", VERSION);
        body.put("provider", provider);
        body.put("model", model);
        body.put("content", answer.text());
        ArrayNode calls = body.putArray("tool_calls");
        for (ResponseAccumulator.Block block : answer.blocks()) {
            if (block instanceof ResponseAccumulator.Block.ToolCall call) {
                ObjectNode out = calls.addObject();
                out.put("id", call.id());
                out.put("name", call.name());
                out.set("arguments", AnthropicResponseEncoder.toInput(call.arguments().toString()));
            }
        }
        String reasoning = answer.reasoning();
        if (reasoning.isEmpty()) {
            body.putNull("reasoning");
        } else {
            body.put("reasoning", reasoning);
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("requested_model", requestedModel);
        metadata.put("finish_reason", answer.finish().reason().openAi());
        metadata.put("input_tokens", answer.usage().inputTokens());
        metadata.put("output_tokens", answer.usage().outputTokens());
        return body;
    }
}
