package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.function.Consumer;

/**
 * A checked Chat Completions request as a Responses request, for upstreams that speak only the
 * Responses API ({@code type: openai-responses}); Messages requests reach it through
 * {@link AnthropicToOpenAi} first. Messages become input items (tool calls {@code function_call},
 * tool results {@code function_call_output}), function tools stay function tools, output limits
 * and structured output move to their Responses fields. The upstream keeps nothing
 * ({@code store: false}): chat clients send their whole conversation every turn.
 * See https://platform.openai.com/docs/api-reference/responses/create
 */
public final class ChatToResponses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Fields with the same name and meaning in both APIs. */
    private static final Set<String> SAME = Set.of("temperature", "top_p", "parallel_tool_calls", "stream", "user",
            "safety_identifier", "prompt_cache_key", "service_tier", "metadata");
    /** Fields handled below, or the gateway's own. */
    private static final Set<String> MAPPED = Set.of("model", "messages", "tools", "tool_choice", "max_tokens",
            "max_completion_tokens", "response_format", "reasoning_effort", "stream_options", "store", "verbosity");

    private ChatToResponses() {}

    public static ObjectNode request(ObjectNode chat, String model, Consumer<String> dropped) {
        ObjectNode out = JSON.objectNode();
        out.put("model", model);
        out.set("input", input(chat.path("messages"), dropped));
        chat.properties().forEach(field -> {
            if (SAME.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue().deepCopy());
            } else if (!MAPPED.contains(field.getKey())) {
                dropped.accept(field.getKey());
            }
        });
        JsonNode limit = chat.has("max_completion_tokens") ? chat.get("max_completion_tokens") : chat.get("max_tokens");
        if (limit != null && limit.isNumber()) {
            out.put("max_output_tokens", limit.asLong());
        }
        JsonNode tools = chat.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode converted = out.putArray("tools");
            for (JsonNode tool : tools) {
                JsonNode function = tool.path("function");
                ObjectNode t = converted.addObject();
                t.put("type", "function");
                t.put("name", function.path("name").asText());
                if (function.has("description")) {
                    t.set("description", function.get("description").deepCopy());
                }
                t.set("parameters", function.has("parameters") ? function.get("parameters").deepCopy()
                        : JSON.objectNode().put("type", "object"));
                t.put("strict", function.path("strict").asBoolean(false));
            }
        }
        JsonNode choice = chat.get("tool_choice");
        if (choice != null && choice.isTextual()) {
            out.set("tool_choice", choice.deepCopy());
        } else if (choice != null && choice.isObject() && choice.path("function").has("name")) {
            out.putObject("tool_choice").put("type", "function").put("name", choice.path("function").path("name").asText());
        }
        JsonNode format = chat.get("response_format");
        if (format != null && format.isObject()) {
            String type = format.path("type").asText();
            if (type.equals("json_schema")) {
                ObjectNode f = out.putObject("text").putObject("format");
                f.put("type", "json_schema");
                JsonNode schema = format.path("json_schema");
                f.put("name", schema.path("name").asText("response"));
                f.set("schema", schema.has("schema") ? schema.get("schema").deepCopy() : JSON.objectNode());
                if (schema.has("strict")) {
                    f.set("strict", schema.get("strict").deepCopy());
                }
                if (schema.has("description")) {
                    f.set("description", schema.get("description").deepCopy());
                }
            } else if (type.equals("json_object")) {
                out.putObject("text").putObject("format").put("type", "json_object");
            }
        }
        if (chat.path("verbosity").isTextual()) {
            (out.has("text") ? (ObjectNode) out.get("text") : out.putObject("text")).set("verbosity", chat.get("verbosity").deepCopy());
        }
        if (chat.path("reasoning_effort").isTextual()) {
            out.putObject("reasoning").set("effort", chat.get("reasoning_effort").deepCopy());
        }
        out.put("store", false);
        return out;
    }

    private static ArrayNode input(JsonNode messages, Consumer<String> dropped) {
        ArrayNode items = JSON.arrayNode();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            JsonNode content = message.get("content");
            switch (role) {
                case "tool" -> {
                    ObjectNode result = items.addObject();
                    result.put("type", "function_call_output");
                    result.put("call_id", message.path("tool_call_id").asText());
                    result.put("output", text(content));
                }
                case "assistant" -> {
                    String text = text(content);
                    if (!text.isEmpty()) {
                        ObjectNode item = items.addObject();
                        item.put("type", "message");
                        item.put("role", "assistant");
                        item.putArray("content").addObject().put("type", "output_text").put("text", text);
                    }
                    for (JsonNode call : message.path("tool_calls")) {
                        ObjectNode item = items.addObject();
                        item.put("type", "function_call");
                        item.put("call_id", call.path("id").asText());
                        item.put("name", call.path("function").path("name").asText());
                        item.put("arguments", call.path("function").path("arguments").asText("{}"));
                    }
                }
                default -> { // system, developer, user
                    ObjectNode item = items.addObject();
                    item.put("type", "message");
                    item.put("role", role);
                    ArrayNode parts = item.putArray("content");
                    if (content == null || content.isTextual() || !content.isArray()) {
                        parts.addObject().put("type", "input_text").put("text", content == null ? "" : content.asText());
                        continue;
                    }
                    for (JsonNode part : content) {
                        switch (part.path("type").asText()) {
                            case "text" -> parts.addObject().put("type", "input_text").put("text", part.path("text").asText());
                            case "image_url" -> {
                                ObjectNode image = parts.addObject().put("type", "input_image")
                                        .put("image_url", part.path("image_url").path("url").asText());
                                image.put("detail", part.path("image_url").path("detail").asText("auto"));
                            }
                            case "file" -> {
                                ObjectNode file = parts.addObject().put("type", "input_file");
                                JsonNode f = part.path("file");
                                f.properties().forEach(e -> file.set(e.getKey(), e.getValue().deepCopy()));
                            }
                            default -> dropped.accept("messages.content"); // audio and newer parts
                        }
                    }
                }
            }
        }
        return items;
    }

    /** The text of a string content or of its text (and refusal) parts. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (!content.isArray()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(part.path("refusal").asText("")));
        }
        return text.toString();
    }
}
