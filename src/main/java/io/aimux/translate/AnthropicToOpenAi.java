package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an Anthropic Messages request into an OpenAI Chat Completions request. The input
 * is expected to have passed {@link AnthropicRequestValidator}; it is never modified.
 *
 * <p>Fields without an OpenAI counterpart ({@code top_k}, {@code cache_control}, server tools,
 * thinking blocks of earlier turns…) are dropped.
 */
public final class AnthropicToOpenAi {

    /** Separator between system blocks, which are flattened into one string. */
    private static final String SYSTEM_SEPARATOR = "\n\n";
    /** Separator between the text blocks of one tool_result (an OpenAI tool message is text only). */
    private static final String TOOL_RESULT_SEPARATOR = "\n";

    private AnthropicToOpenAi() {}

    public static ObjectNode request(ObjectNode anthropicRequest, String upstreamModel) {
        JsonNode in = anthropicRequest;
        ObjectNode out = Json.object();
        String model = upstreamModel != null ? upstreamModel : Json.text(in, "model");
        out.put("model", model);

        ArrayNode messages = out.putArray("messages");
        String system = systemText(Json.field(in, "system"));
        if (system != null && !system.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("role", "system");
            message.put("content", system);
        }
        JsonNode inMessages = Json.field(in, "messages");
        if (inMessages != null) {
            for (int i = 0; i < inMessages.size(); i++) {
                message(inMessages.get(i), "messages[" + i + "]", messages);
            }
        }

        boolean reasoningModel = Json.isOpenAiReasoningModel(model);
        JsonNode maxTokens = Json.field(in, "max_tokens");
        if (maxTokens != null) {
            out.put(Json.usesMaxCompletionTokens(model) ? "max_completion_tokens" : "max_tokens", maxTokens.asInt());
        }
        sampling(in, out, "temperature", reasoningModel);
        sampling(in, out, "top_p", reasoningModel);
        JsonNode stop = Json.field(in, "stop_sequences");
        if (stop != null && stop.isArray() && !stop.isEmpty()) {
            out.set("stop", stop.deepCopy());
        }
        JsonNode stream = Json.field(in, "stream");
        if (stream != null) {
            out.put("stream", stream.asBoolean());
            if (stream.asBoolean()) {
                out.putObject("stream_options").put("include_usage", true);
            }
        }
        String user = Json.text(Json.field(in, "metadata"), "user_id");
        if (user != null) {
            out.put("user", user);
        }
        if (reasoningModel) {
            reasoningEffort(Json.field(in, "thinking"), out);
        }
        tools(in, out);
        return out;
    }

    /** System string or text blocks as one string, or null. */
    private static String systemText(JsonNode system) {
        if (system == null) {
            return null;
        }
        if (system.isTextual()) {
            return system.asText();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : system) {
            String text = Json.text(block, "text");
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
        }
        return String.join(SYSTEM_SEPARATOR, texts);
    }

    private static void message(JsonNode message, String path, ArrayNode out) {
        String role = Json.text(message, "role");
        JsonNode content = Json.field(message, "content");
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            ObjectNode translated = out.addObject();
            translated.put("role", role);
            translated.put("content", content.asText());
            return;
        }
        if ("assistant".equals(role)) {
            assistant(content, out);
        } else {
            user(content, path, out);
        }
    }

    /**
     * A user turn: each tool_result becomes a tool message (in order), then the remaining parts
     * form one user message.
     */
    private static void user(JsonNode blocks, String path, ArrayNode out) {
        ArrayNode parts = Json.array();
        for (int j = 0; j < blocks.size(); j++) {
            JsonNode block = blocks.get(j);
            String at = path + ".content[" + j + "]";
            switch (String.valueOf(Json.text(block, "type"))) {
                case "tool_result" -> out.add(toolMessage(block));
                case "text" -> parts.add(Json.textBlock(Json.text(block, "text")));
                case "image" -> parts.add(imagePart(Json.field(block, "source"), at));
                case "document" -> parts.add(documentPart(block, at));
                case "search_result" -> {
                    String text = searchResultText(block);
                    if (!text.isEmpty()) {
                        parts.add(Json.textBlock(text));
                    }
                }
                default -> {
                    // thinking, server tool blocks, container_upload: nothing an OpenAI upstream can use
                }
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject();
        message.put("role", "user");
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
            message.put("content", parts.get(0).path("text").asText());
        } else {
            message.set("content", parts);
        }
    }

    private static ObjectNode toolMessage(JsonNode block) {
        ObjectNode message = Json.object();
        message.put("role", "tool");
        message.put("tool_call_id", Json.text(block, "tool_use_id"));
        JsonNode content = Json.field(block, "content");
        String text;
        if (content == null) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else {
            List<String> texts = new ArrayList<>();
            for (JsonNode part : content) {
                String type = Json.text(part, "type");
                if ("text".equals(type)) {
                    texts.add(Json.text(part, "text"));
                } else if ("search_result".equals(type)) {
                    texts.add(searchResultText(part));
                } else if ("document".equals(type)) {
                    String data = documentText(part);
                    if (data != null) {
                        texts.add(data);
                    }
                }
                // images cannot be carried by an OpenAI tool message; they are left out
            }
            text = String.join(TOOL_RESULT_SEPARATOR, texts);
        }
        message.put("content", text);
        return message;
    }

    /** An assistant turn: text blocks become content, tool_use blocks become tool_calls. */
    private static void assistant(JsonNode blocks, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = Json.array();
        for (JsonNode block : blocks) {
            String type = String.valueOf(Json.text(block, "type"));
            if (type.equals("text")) {
                text.append(Json.text(block, "text"));
            } else if (type.equals("tool_use")) {
                ObjectNode call = toolCalls.addObject();
                call.put("id", Json.text(block, "id"));
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", Json.text(block, "name"));
                JsonNode input = Json.field(block, "input");
                function.put("arguments", input == null ? "{}" : Json.write(input));
            }
            // thinking, redacted_thinking and server tool blocks are not sent to OpenAI-format upstreams
        }
        if (text.length() == 0 && toolCalls.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject();
        message.put("role", "assistant");
        if (text.length() > 0) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
    }

    private static ObjectNode imagePart(JsonNode source, String path) {
        String type = Json.text(source, "type");
        String url;
        if ("base64".equals(type)) {
            url = "data:" + Json.text(source, "media_type") + ";base64," + Json.text(source, "data");
        } else if ("url".equals(type)) {
            url = Json.text(source, "url");
        } else {
            throw GatewayException.invalid(path + ".source.type: image source " + Json.quote(type)
                    + " cannot be sent to an OpenAI-format upstream");
        }
        ObjectNode part = Json.object();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /** PDF documents become an OpenAI {@code file} part; plain-text documents become text. */
    private static ObjectNode documentPart(JsonNode block, String path) {
        JsonNode source = Json.field(block, "source");
        String type = Json.text(source, "type");
        if ("base64".equals(type)) {
            ObjectNode part = Json.object();
            part.put("type", "file");
            ObjectNode file = part.putObject("file");
            String title = Json.text(block, "title");
            file.put("filename", title != null && !title.isBlank() ? title : "document.pdf");
            file.put("file_data", "data:" + Json.text(source, "media_type") + ";base64," + Json.text(source, "data"));
            return part;
        }
        String text = documentText(block);
        if (text != null) {
            return Json.textBlock(text);
        }
        throw GatewayException.invalid(path + ".source.type: document source " + Json.quote(type)
                + " cannot be sent to an OpenAI-format upstream");
    }

    /** The text of a text or content document source, or null for binary sources. */
    private static String documentText(JsonNode block) {
        JsonNode source = Json.field(block, "source");
        String type = Json.text(source, "type");
        if ("text".equals(type)) {
            return Json.text(source, "data");
        }
        if ("content".equals(type)) {
            JsonNode content = Json.field(source, "content");
            if (content != null && content.isTextual()) {
                return content.asText();
            }
            List<String> texts = new ArrayList<>();
            if (content != null) {
                for (JsonNode part : content) {
                    String text = Json.text(part, "text");
                    if (text != null) {
                        texts.add(text);
                    }
                }
            }
            return String.join("\n", texts);
        }
        return null;
    }

    private static String searchResultText(JsonNode block) {
        List<String> texts = new ArrayList<>();
        JsonNode content = Json.field(block, "content");
        if (content != null) {
            for (JsonNode part : content) {
                String text = Json.text(part, "text");
                if (text != null) {
                    texts.add(text);
                }
            }
        }
        return String.join("\n", texts);
    }

    /**
     * Reasoning models accept only the default sampling; anything else is dropped rather than
     * sent to be rejected.
     */
    private static void sampling(JsonNode in, ObjectNode out, String name, boolean reasoningModel) {
        JsonNode value = Json.field(in, name);
        if (value == null || (reasoningModel && value.doubleValue() != 1.0)) {
            return;
        }
        out.set(name, value.deepCopy());
    }

    /** Extended thinking becomes {@code reasoning_effort} for OpenAI reasoning models. */
    private static void reasoningEffort(JsonNode thinking, ObjectNode out) {
        String type = thinking == null ? null : Json.text(thinking, "type");
        if ("adaptive".equals(type)) {
            out.put("reasoning_effort", "medium");
        }
        if (!"enabled".equals(type)) {
            return;
        }
        int budget = thinking.path("budget_tokens").asInt();
        out.put("reasoning_effort", budget <= 2048 ? "low" : budget <= 8192 ? "medium" : "high");
    }

    private static void tools(JsonNode in, ObjectNode out) {
        JsonNode tools = Json.field(in, "tools");
        ArrayNode translated = Json.array();
        if (tools != null) {
            for (JsonNode tool : tools) {
                JsonNode schema = Json.field(tool, "input_schema");
                String type = Json.text(tool, "type");
                if (schema == null || (type != null && !type.equals("custom"))) {
                    continue; // server tools (web search, bash…) run at Anthropic only
                }
                ObjectNode function = translated.addObject().put("type", "function").putObject("function");
                function.put("name", Json.text(tool, "name"));
                String description = Json.text(tool, "description");
                if (description != null) {
                    function.put("description", description);
                }
                function.set("parameters", schema.deepCopy());
            }
        }
        if (translated.isEmpty()) {
            return; // OpenAI rejects tool_choice and parallel_tool_calls without tools
        }
        out.set("tools", translated);

        JsonNode choice = Json.field(in, "tool_choice");
        if (choice == null) {
            return;
        }
        switch (String.valueOf(Json.text(choice, "type"))) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> {
                ObjectNode named = out.putObject("tool_choice");
                named.put("type", "function");
                named.putObject("function").put("name", Json.text(choice, "name"));
            }
            default -> {
                // validated earlier
            }
        }
        JsonNode disable = Json.field(choice, "disable_parallel_tool_use");
        if (disable != null && disable.asBoolean() && !"none".equals(Json.text(choice, "type"))) {
            out.put("parallel_tool_calls", false);
        }
    }
}
