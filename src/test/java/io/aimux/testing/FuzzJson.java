package io.aimux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds chat requests that are structurally close to valid from fuzz input: a {@code model}, a
 * {@code messages} array of role-tagged messages whose content is text or typed blocks, and
 * top-level fields, with names and values drawn mostly from the vocabulary of both protocols. Such
 * trees get past the envelope check and reach deep into validators and translators, which raw
 * byte mutations of JSON seldom do.
 */
public final class FuzzJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final List<String> ROLES = List.of("user", "assistant", "system", "developer", "tool", "function", "model", "");

    static final List<String> BLOCK_TYPES = List.of("text", "image", "image_url", "document", "tool_use", "tool_result",
            "thinking", "redacted_thinking", "server_tool_use", "web_search_tool_result", "search_result",
            "container_upload", "tool_reference", "input_audio", "file", "refusal", "mcp_tool_use", "custom");

    static final List<String> FIELDS = List.of("model", "messages", "system", "max_tokens", "max_completion_tokens",
            "stream", "stream_options", "include_usage", "temperature", "top_p", "top_k", "stop", "stop_sequences", "n",
            "tools", "tool_choice", "parallel_tool_calls", "functions", "function_call", "response_format",
            "reasoning_effort", "thinking", "budget_tokens", "metadata", "user_id", "user", "context_management",
            "edits", "trigger", "keep", "clear_at_least", "exclude_tools", "output_config", "effort", "mcp_servers",
            "inference_geo", "modalities", "seed", "logprobs", "top_logprobs", "logit_bias", "store",
            "prompt_cache_key", "safety_identifier", "service_tier", "type", "text", "content", "role", "name",
            "id", "input", "input_schema", "parameters", "description", "strict", "function", "arguments",
            "tool_calls", "tool_call_id", "tool_use_id", "is_error", "cache_control", "source", "media_type", "data",
            "url", "image_url", "detail", "file_id", "file_data", "filename", "signature", "thinking", "citations",
            "title", "defer_loading", "tool_name", "properties", "required", "items", "$ref", "json_schema",
            "schema", "format", "disable_parallel_tool_use", "allowed_tools", "mode", "format", "refusal");

    static final List<String> WORDS = List.of("auto", "any", "none", "required", "tool", "function", "object",
            "string", "integer", "array", "enabled", "disabled", "adaptive", "low", "medium", "high", "xhigh",
            "minimal", "json_object", "json_schema", "text", "ephemeral", "base64", "image/png", "application/pdf",
            "https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd", "get_weather",
            "toolu_01", "call_1", "clear_tool_uses_20250919", "clear_thinking_20251015", "input_tokens", "tool_uses",
            "all", "#/definitions/x", "http://169.254.169.254/", "{\"a\":1}", "{", "[]", "null", "mock/echo", "");

    private final FuzzInput in;
    private int budget;

    private FuzzJson(FuzzInput in, int budget) {
        this.in = in;
        this.budget = budget;
    }

    /** A request tree; {@code budget} caps the number of nodes so inputs stay cheap to run. */
    public static ObjectNode request(FuzzInput in, int budget) {
        return new FuzzJson(in, budget).request();
    }

    private ObjectNode request() {
        ObjectNode root = F.objectNode();
        root.put("model", in.nextByte() < 240 ? "up/model" : in.text(12));
        ArrayNode messages = root.putArray("messages");
        int count = 1 + in.below(6);
        for (int i = 0; i < count && budget > 0; i++) {
            messages.add(message());
        }
        int extra = in.below(8);
        for (int i = 0; i < extra && !in.exhausted(); i++) {
            root.set(in.pick(FIELDS), value(3));
        }
        return root;
    }

    private ObjectNode message() {
        budget--;
        ObjectNode message = F.objectNode();
        message.put("role", in.pick(ROLES));
        if (in.below(4) == 0) {
            message.put("content", in.text(24));
        } else {
            ArrayNode blocks = message.putArray("content");
            int count = in.below(4);
            for (int i = 0; i < count && budget > 0; i++) {
                blocks.add(block());
            }
        }
        int extra = in.below(3);
        for (int i = 0; i < extra; i++) {
            message.set(in.pick(FIELDS), value(2));
        }
        return message;
    }

    private ObjectNode block() {
        budget--;
        ObjectNode block = F.objectNode();
        block.put("type", in.pick(BLOCK_TYPES));
        int fields = in.below(5);
        for (int i = 0; i < fields; i++) {
            block.set(in.pick(FIELDS), value(3));
        }
        return block;
    }

    /** Any JSON value, nested at most {@code depth} more levels. */
    private JsonNode value(int depth) {
        budget--;
        int kind = in.below(depth > 0 && budget > 0 ? 12 : 8);
        return switch (kind) {
            case 0, 1 -> F.textNode(in.pick(WORDS));
            case 2 -> F.textNode(in.text(16));
            case 3 -> F.numberNode(in.below(70_000) - 2);
            case 4 -> F.numberNode((in.nextByte() - 128) * 1e18);
            case 5 -> F.booleanNode(in.nextBoolean());
            case 6 -> F.nullNode();
            case 7 -> F.numberNode(in.nextByte() / 7.0);
            case 8, 9 -> {
                ObjectNode object = F.objectNode();
                int n = in.below(4);
                for (int i = 0; i < n; i++) {
                    object.set(in.pick(FIELDS), value(depth - 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = F.arrayNode();
                int n = in.below(4);
                for (int i = 0; i < n; i++) {
                    array.add(in.below(3) == 0 ? block() : value(depth - 1));
                }
                yield array;
            }
        };
    }
}
