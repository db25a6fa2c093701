package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Structural validation of an Anthropic Messages request the gateway is about to translate (or
 * answer with the mock): the translator must understand every role and content block it
 * rewrites, so unknown ones are refused with a 400 naming the field. Requests relayed to an
 * Anthropic-type upstream skip this: that upstream is the authority ({@link RequestEnvelope}).
 * Top-level fields this class does not know are left alone.
 */
public final class AnthropicRequestValidator {

    /** {@code system} messages inside {@code messages} are Anthropic's mid-conversation instructions. */
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    /** Blocks of server tools (run at Anthropic); a translation leaves them out. */
    static final Set<String> SERVER_BLOCKS = Set.of("server_tool_use", "web_search_tool_result",
            "web_fetch_tool_result", "code_execution_tool_result", "bash_code_execution_tool_result",
            "text_editor_code_execution_tool_result", "tool_search_tool_result", "mcp_tool_use", "mcp_tool_result");
    private static final Set<String> BLOCK_TYPES = union(Set.of("text", "image", "document", "tool_use",
            "tool_result", "thinking", "redacted_thinking", "search_result", "container_upload", "tool_reference"),
            SERVER_BLOCKS);
    /** Blocks the model produces: they only make sense in assistant turns. */
    private static final Set<String> ASSISTANT_ONLY = union(Set.of("tool_use", "thinking", "redacted_thinking"),
            SERVER_BLOCKS);
    private static final Set<String> TOOL_RESULT_BLOCKS = Set.of("text", "image", "document", "search_result",
            "tool_reference");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "any", "tool", "none");
    private static final int ANTHROPIC_TOOL_NAME_MAX = 128;

    private AnthropicRequestValidator() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    public static void validate(JsonNode body) {
        Checks.requireBody(body);
        Checks.model(body);
        JsonNode maxTokens = body.get("max_tokens");
        if (Json.absent(maxTokens)) {
            throw fail("max_tokens", "required");
        }
        Checks.requireInt(maxTokens, "max_tokens", 1);

        JsonNode messages = Checks.messages(body);
        int latestUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("user".equals(Json.text(messages.get(i), "role"))) {
                latestUser = i;
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]", i == latestUser);
        }
        system(body);

        Checks.optionalNumber(body, "temperature", 0, 1);
        Checks.optionalNumber(body, "top_p", 0, 1);
        Checks.optionalInt(body, "top_k", "", 0);
        Checks.optionalBoolean(body, "stream", "");
        stopSequences(body);
        metadata(body);
        thinking(body);
        tools(body);
        toolChoice(body);
    }

    /** {@code latest}: the latest user turn, the input the model must not miss. */
    private static void message(JsonNode message, String path, boolean latest) {
        String role = Checks.role(message, path, ROLES);
        JsonNode content = message.get("content");
        if (Json.absent(content)) {
            throw fail(path + ".content", content == null ? "required" : "must not be null");
        }
        if (content.isTextual()) {
            return;
        }
        if (!content.isArray()) {
            throw fail(path + ".content", "must be a string or an array of content blocks, got " + Json.kind(content));
        }
        if (content.isEmpty() && role.equals("user")) {
            throw fail(path + ".content", "must not be empty");
        }
        if (role.equals("system")) {
            for (int j = 0; j < content.size(); j++) {
                String at = path + ".content[" + j + "]";
                if (!Checks.partType(content.get(j), at).equals("text")) {
                    throw fail(at + ".type", "only text blocks are allowed in system messages");
                }
                Checks.requiredString(content.get(j), "text", at + ".");
            }
            return;
        }
        for (int j = 0; j < content.size(); j++) {
            block(content.get(j), path + ".content[" + j + "]", role, latest);
        }
    }

    /**
     * A block of a type newer than the gateway is refused in the latest user turn, where the model
     * would miss the input, and left for the translation to drop in earlier turns, so a client that
     * replays history with new block types keeps working.
     */
    private static void block(JsonNode block, String path, String role, boolean latest) {
        String type = Checks.partType(block, path);
        if (!BLOCK_TYPES.contains(type)) {
            if (latest) {
                throw fail(path + ".type", "unknown content block type " + Json.quote(type));
            }
            return;
        }
        if (role.equals("user") && ASSISTANT_ONLY.contains(type)) {
            throw fail(path + ".type", Json.quote(type) + " blocks are only allowed in assistant messages");
        }
        if (role.equals("assistant") && type.equals("tool_result")) {
            throw fail(path + ".type", "'tool_result' blocks are only allowed in user messages");
        }
        switch (type) {
            case "text" -> Checks.requiredString(block, "text", path + ".");
            case "image" -> source(block, path, false);
            case "document" -> source(block, path, true);
            case "tool_use", "server_tool_use" -> {
                Checks.requiredString(block, "id", path + ".");
                Checks.requiredString(block, "name", path + ".");
                JsonNode input = block.get("input");
                if (!Json.absent(input) && !input.isObject()) {
                    throw fail(path + ".input", "must be an object, got " + Json.kind(input));
                }
            }
            case "tool_result" -> toolResult(block, path, latest);
            case "thinking" -> {
                Checks.requiredString(block, "thinking", path + ".");
                Checks.optionalString(block, "signature", path + ".");
            }
            case "redacted_thinking" -> Checks.requiredString(block, "data", path + ".");
            case "tool_reference" -> Checks.requiredString(block, "tool_name", path + ".");
            case "search_result" -> {
                Checks.optionalString(block, "source", path + ".");
                Checks.optionalString(block, "title", path + ".");
                JsonNode content = block.get("content");
                if (!Json.absent(content) && !content.isArray()) {
                    throw fail(path + ".content", "must be an array of text blocks, got " + Json.kind(content));
                }
            }
            default -> {
                // web_search_tool_result, container_upload: opaque, passed to Anthropic as they are
            }
        }
    }

    private static void toolResult(JsonNode block, String path, boolean latest) {
        Checks.requiredString(block, "tool_use_id", path + ".");
        Checks.optionalBoolean(block, "is_error", path + ".");
        JsonNode content = block.get("content");
        if (Json.absent(content) || content.isTextual()) {
            return;
        }
        if (!content.isArray()) {
            throw fail(path + ".content", "must be a string or an array of content blocks, got " + Json.kind(content));
        }
        for (int k = 0; k < content.size(); k++) {
            String at = path + ".content[" + k + "]";
            String type = Checks.partType(content.get(k), at);
            if (!TOOL_RESULT_BLOCKS.contains(type)) {
                if (latest) {
                    throw fail(at + ".type", "unknown tool_result content block type " + Json.quote(type));
                }
                continue;
            }
            block(content.get(k), at, "user", latest);
        }
    }

    private static void source(JsonNode block, String path, boolean document) {
        JsonNode source = block.get("source");
        if (Json.absent(source) || !source.isObject()) {
            throw fail(path + ".source", "must be an object, got " + Json.kind(source));
        }
        String type = Checks.partType(source, path + ".source");
        switch (type) {
            case "base64" -> {
                Checks.requiredString(source, "media_type", path + ".source.");
                Checks.requiredString(source, "data", path + ".source.");
            }
            case "url" -> Checks.requiredString(source, "url", path + ".source.");
            case "file" -> Checks.requiredString(source, "file_id", path + ".source.");
            case "text" -> {
                if (!document) {
                    throw fail(path + ".source.type", "unknown image source type 'text'");
                }
                Checks.requiredString(source, "data", path + ".source.");
            }
            case "content" -> {
                if (!document) {
                    throw fail(path + ".source.type", "unknown image source type 'content'");
                }
                JsonNode content = source.get("content");
                if (Json.absent(content) || !(content.isArray() || content.isTextual())) {
                    throw fail(path + ".source.content", "must be a string or an array, got " + Json.kind(content));
                }
            }
            default -> throw fail(path + ".source.type", "unknown " + (document ? "document" : "image")
                    + " source type " + Json.quote(type));
        }
    }

    private static void system(JsonNode body) {
        JsonNode system = Json.field(body, "system");
        if (system == null || system.isTextual()) {
            return;
        }
        if (!system.isArray()) {
            throw fail("system", "must be a string or an array of text blocks, got " + Json.kind(system));
        }
        for (int i = 0; i < system.size(); i++) {
            String path = "system[" + i + "]";
            String type = Checks.partType(system.get(i), path);
            if (!type.equals("text")) {
                throw fail(path + ".type", "only text blocks are allowed in system, got " + Json.quote(type));
            }
            Checks.requiredString(system.get(i), "text", path + ".");
        }
    }

    private static void stopSequences(JsonNode body) {
        JsonNode stop = Json.field(body, "stop_sequences");
        if (stop == null) {
            return;
        }
        if (!stop.isArray()) {
            throw fail("stop_sequences", "must be an array of strings, got " + Json.kind(stop));
        }
        Checks.stringItems(stop, "stop_sequences");
    }

    private static void metadata(JsonNode body) {
        JsonNode metadata = Json.field(body, "metadata");
        if (metadata == null) {
            return;
        }
        if (!metadata.isObject()) {
            throw fail("metadata", "must be an object, got " + Json.kind(metadata));
        }
        Checks.optionalString(metadata, "user_id", "metadata.");
    }

    private static void thinking(JsonNode body) {
        JsonNode thinking = Json.field(body, "thinking");
        if (thinking == null) {
            return;
        }
        if (!thinking.isObject()) {
            throw fail("thinking", "must be an object, got " + Json.kind(thinking));
        }
        String type = Checks.partType(thinking, "thinking");
        switch (type) {
            case "enabled" -> {
                JsonNode budget = thinking.get("budget_tokens");
                if (Json.absent(budget)) {
                    throw fail("thinking.budget_tokens", "required when thinking is enabled");
                }
                Checks.requireInt(budget, "thinking.budget_tokens", 1);
            }
            default -> {
                // adaptive, disabled, and forms newer than this gateway: translation maps or drops them
            }
        }
    }

    private static void tools(JsonNode body) {
        JsonNode tools = Json.field(body, "tools");
        if (tools == null) {
            return;
        }
        if (!tools.isArray()) {
            throw fail("tools", "must be an array, got " + Json.kind(tools));
        }
        if (tools.size() > Checks.MAX_TOOLS) {
            throw fail("tools", "must contain at most " + Checks.MAX_TOOLS + " tools, got " + tools.size());
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw fail(path, "must be an object, got " + Json.kind(tool));
            }
            Checks.optionalString(tool, "type", path + ".");
            String type = Json.text(tool, "type");
            Checks.requiredString(tool, "name", path + ".");
            String name = tool.get("name").asText();
            if (!Checks.validToolName(name, ANTHROPIC_TOOL_NAME_MAX)) {
                throw fail(path + ".name", "invalid tool name " + Json.quote(name)
                        + " (must match ^[a-zA-Z0-9_-]{1,128}$)");
            }
            boolean custom = type == null || type.equals("custom");
            if (custom) {
                JsonNode schema = tool.get("input_schema");
                if (Json.absent(schema)) {
                    throw fail(path + ".input_schema", "required");
                }
                if (!schema.isObject()) {
                    throw fail(path + ".input_schema", "must be an object, got " + Json.kind(schema));
                }
                Checks.optionalString(tool, "description", path + ".");
            }
        }
    }

    private static void toolChoice(JsonNode body) {
        JsonNode choice = Json.field(body, "tool_choice");
        if (choice == null) {
            return;
        }
        if (!choice.isObject()) {
            throw fail("tool_choice", "must be an object, got " + Json.kind(choice));
        }
        String type = Checks.partType(choice, "tool_choice");
        if (!TOOL_CHOICES.contains(type)) {
            throw fail("tool_choice.type", "unknown value " + Json.quote(type) + " (expected auto, any, tool or none)");
        }
        if (type.equals("tool")) {
            Checks.requiredString(choice, "name", "tool_choice.");
        }
        Checks.optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice.");
    }
}
