package io.aimux.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.Usage;

import java.util.Set;

/**
 * What one Responses answer is made of besides its output: its id, the request fields the
 * response object echoes, the custom tools (their calls are {@code custom_tool_call} items) and
 * whether reasoning items carry {@code encrypted_content} for the client.
 * See https://platform.openai.com/docs/api-reference/responses/object
 */
public record ResponseShape(String id, long createdAt, String model, ObjectNode request, Set<String> customTools,
        java.util.Map<String, String> namespaces, boolean includeEncrypted, String previousResponseId, boolean store) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The response object with the given status and no output yet. */
    public ObjectNode response(String status) {
        ObjectNode out = JSON.objectNode();
        out.put("id", id);
        out.put("object", "response");
        out.put("created_at", createdAt);
        out.put("status", status);
        out.put("background", false);
        out.putNull("error");
        out.putNull("incomplete_details");
        copyOrNull(out, "instructions");
        copyOrNull(out, "max_output_tokens");
        out.putNull("max_tool_calls");
        out.put("model", model);
        out.putArray("output");
        out.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        if (previousResponseId == null) {
            out.putNull("previous_response_id");
        } else {
            out.put("previous_response_id", previousResponseId);
        }
        ObjectNode reasoning = out.putObject("reasoning");
        reasoning.set("effort", request.path("reasoning").path("effort").isTextual()
                ? request.path("reasoning").get("effort") : JSON.nullNode());
        reasoning.set("summary", request.path("reasoning").path("summary").isTextual()
                ? request.path("reasoning").get("summary") : JSON.nullNode());
        out.put("service_tier", "default");
        out.put("store", store);
        out.put("temperature", request.path("temperature").isNumber() ? request.get("temperature").asDouble() : 1.0);
        JsonNode text = request.get("text");
        if (text != null && text.isObject() && text.has("format")) {
            out.set("text", text.deepCopy());
        } else {
            out.putObject("text").putObject("format").put("type", "text");
        }
        JsonNode choice = request.get("tool_choice");
        out.set("tool_choice", choice != null ? choice.deepCopy() : JSON.textNode("auto"));
        JsonNode tools = request.get("tools");
        out.set("tools", tools != null && tools.isArray() ? tools.deepCopy() : JSON.arrayNode());
        out.put("top_p", request.path("top_p").isNumber() ? request.get("top_p").asDouble() : 1.0);
        out.put("truncation", "disabled");
        out.putNull("usage");
        copyOrNull(out, "user");
        JsonNode metadata = request.get("metadata");
        out.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : JSON.objectNode());
        return out;
    }

    private void copyOrNull(ObjectNode out, String name) {
        JsonNode value = request.get(name);
        out.set(name, value == null ? JSON.nullNode() : value.deepCopy());
    }

    /** Usage in the Responses shape; reasoning tokens are those the upstream reported (else 0). */
    public static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("input_tokens", usage.inputTokens());
        node.putObject("input_tokens_details").put("cached_tokens", usage.cacheReadTokens());
        node.put("output_tokens", usage.outputTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    /** A copy of output items without {@code encrypted_content}, for clients that did not include it. */
    public static ArrayNode withoutEncrypted(ArrayNode output) {
        ArrayNode copy = output.deepCopy();
        for (JsonNode item : copy) {
            if (item.isObject()) {
                ((ObjectNode) item).remove("encrypted_content");
            }
        }
        return copy;
    }
}
