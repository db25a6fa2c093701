package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates an Anthropic Messages request into an OpenAI Chat Completions request. The input
 * is expected to have passed {@link AnthropicRequestValidator}; it is never modified. Every
 * top-level field is mapped, carried out by the gateway, or reported through {@code dropped};
 * docs/compatibility.md is the table.
 */
public final class AnthropicToOpenAi {

    /** Separator between system blocks, which are flattened into one string. */
    private static final String SYSTEM_SEPARATOR = "\n\n";
    /** Separator between the text blocks of one tool_result (an OpenAI tool message is text only). */
    private static final String TOOL_RESULT_SEPARATOR = "\n";
    /** Top-level fields this class maps (or that the gateway handles before it runs). */
    static final Set<String> MAPPED = Set.of("model", "messages", "system", "max_tokens", "temperature", "top_p",
            "stop_sequences", "stream", "metadata", "thinking", "output_config", "output_format", "cache_control", "tools",
            "tool_choice");
    /** Fields whose loss would change the answer in a way the client relies on. */
    static final java.util.Map<String, String> REFUSED_WHY = java.util.Map.of(
            "mcp_servers", "remote MCP tools run at Anthropic only; an OpenAI-type upstream would silently answer without them",
            "inference_geo", "the region of inference cannot be guaranteed on an OpenAI-type upstream");
    static final List<String> REFUSED = List.of("mcp_servers", "inference_geo");

    private AnthropicToOpenAi() {}

    public static ObjectNode request(ObjectNode anthropicRequest, String upstreamModel) {
        return request(anthropicRequest, upstreamModel, UpstreamFeatures.BASIC, field -> { });
    }

    /**
     * @param features what the upstream model takes ({@code thinking}: {@code none} never sends
     *                 reasoning_effort, any other value always does, unset only to OpenAI reasoning models)
     * @param dropped  told the name of each client field that could not be carried
     */
    public static ObjectNode request(ObjectNode anthropicRequest, String upstreamModel, UpstreamFeatures features,
            Consumer<String> dropped) {
        if (anthropicRequest.has("context_management")) { // no OpenAI-type upstream can: carried out here
            ObjectNode edited = anthropicRequest.deepCopy();
            ContextEdits.apply(edited, dropped);
            return request(edited, upstreamModel, features, dropped);
        }
        for (String field : REFUSED) {
            if (anthropicRequest.has(field)) {
                throw GatewayException.invalid(field + ": " + REFUSED_WHY.get(field));
            }
        }
        JsonNode in = anthropicRequest;
        ObjectNode out = Json.object();
        String model = upstreamModel != null ? upstreamModel : Json.text(in, "model");
        out.put("model", model);
        for (Iterator<String> names = in.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!MAPPED.contains(name)) {
                dropped.accept(name);
            }
        }

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
            // the client's ceiling; for reasoning models it includes the reasoning tokens and is never raised
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
            if (features.forwardUserId()) {
                out.put("safety_identifier", Json.shortHash(user));
            } else {
                dropped.accept("metadata.user_id");
            }
        }
        boolean sendEffort = features.thinking() == null ? reasoningModel : !"none".equals(features.thinking());
        String effort = Reasoning.anthropicEffort(in);
        if (effort != null) {
            if (sendEffort) {
                out.put("reasoning_effort", Reasoning.openAiEffort(effort));
            } else {
                dropped.accept("thinking");
            }
        }
        outputFormat(in, out, dropped);
        cacheKey(in, model, out);
        tools(in, out);
        return out;
    }

    /**
     * Structured output ({@code output_config.format}, or the older top-level {@code output_format})
     * becomes {@code response_format} with the same JSON Schema.
     */
    private static void outputFormat(JsonNode in, ObjectNode out, Consumer<String> dropped) {
        JsonNode format = Json.field(Json.field(in, "output_config"), "format");
        if (format == null) {
            format = Json.field(in, "output_format");
        }
        if (format == null) {
            return;
        }
        JsonNode schema = Json.field(format, "schema");
        if ("json_schema".equals(Json.text(format, "type")) && schema != null && schema.isObject()) {
            ObjectNode jsonSchema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
            jsonSchema.put("name", "output");
            jsonSchema.set("schema", schema.deepCopy());
        } else {
            dropped.accept("output_config.format");
        }
    }

    /**
     * Prompt caching: OpenAI caches long prefixes by itself; when the client marked cache
     * breakpoints, a {@code prompt_cache_key} derived from the model, system prompt and tool
     * names keeps requests that share that prefix on the same cache.
     */
    private static void cacheKey(JsonNode in, String model, ObjectNode out) {
        if (!Json.mentions(in, "cache_control")) {
            return;
        }
        StringBuilder prefix = new StringBuilder(model);
        JsonNode system = Json.field(in, "system");
        if (system != null) {
            prefix.append('\n').append(system.isTextual() ? system.asText() : systemText(system));
        }
        for (JsonNode tool : in.path("tools")) {
            prefix.append('\n').append(Json.text(tool, "name"));
        }
        out.put("prompt_cache_key", "aimux-" + Json.shortHash(prefix.toString()));
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
            if (text != null && !text.isEmpty() && !AnthropicToAnthropic.isBillingBlock(block)) {
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
        if ("system".equals(role)) { // a mid-conversation system message keeps its place
            String text = content.isTextual() ? content.asText() : systemText(content);
            out.addObject().put("role", "system").put("content", text);
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
                } else if ("tool_reference".equals(type)) {
                    texts.add(AnthropicToAnthropic.toolReferenceText(part));
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

    private static void tools(JsonNode in, ObjectNode out) {
        JsonNode tools = Json.field(in, "tools");
        ArrayNode translated = Json.array();
        java.util.Set<String> loaded = AnthropicToAnthropic.referencedTools(in);
        if (tools != null) {
            for (JsonNode tool : tools) {
                JsonNode schema = Json.field(tool, "input_schema");
                String type = Json.text(tool, "type");
                if (schema == null || (type != null && !type.equals("custom"))) {
                    continue; // server tools (web search, bash…) run at Anthropic only
                }
                if (AnthropicToAnthropic.isDeferred(tool) && !loaded.contains(Json.text(tool, "name"))) {
                    continue; // deferred and not loaded by a tool_reference yet: not offered
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
