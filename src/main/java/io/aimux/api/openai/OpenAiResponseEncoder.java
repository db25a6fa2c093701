package io.aimux.api.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.Ids;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.Usage;

/** Builds an OpenAI {@code chat.completion} body from a collected answer. */
public final class OpenAiResponseEncoder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenAiResponseEncoder() {
    }

    public static ObjectNode encode(ResponseAccumulator answer, String model) {
        ObjectNode body = JSON.objectNode();
        body.put("id", Ids.random("chatcmpl-", 29));
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        String text = answer.text();
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        String reasoning = answer.reasoning();
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        ArrayNode calls = null;
        for (ResponseAccumulator.Block block : answer.blocks()) {
            if (block instanceof ResponseAccumulator.Block.ToolCall call) {
                if (calls == null) {
                    calls = message.putArray("tool_calls");
                }
                ObjectNode out = calls.addObject();
                out.put("id", call.id() == null || call.id().isEmpty() ? Ids.openAiCall() : call.id());
                out.put("type", "function");
                ObjectNode function = out.putObject("function");
                function.put("name", call.name());
                function.put("arguments", call.arguments().length() == 0 ? "{}" : call.arguments().toString());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finish().reason().openAi());
        body.set("usage", usage(answer.usage()));
        return body;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("prompt_tokens", usage.inputTokens());
        node.put("completion_tokens", usage.outputTokens());
        node.put("total_tokens", usage.totalTokens());
        if (usage.cacheReadTokens() > 0) {
            node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens());
        }
        if (usage.reasoningTokens() > 0) {
            node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        }
        return node;
    }
}
