package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates an OpenAI Chat Completions request into an Anthropic Messages request. The input
 * is expected to have passed {@link OpenAiRequestValidator}; it is never modified.
 *
 * <p>System and developer messages become the top-level {@code system}; tool messages become
 * {@code tool_result} blocks; consecutive turns of one role are merged, as Anthropic requires
 * alternating roles. OpenAI-only fields ({@code stream_options}, {@code n}, {@code seed},
 * penalties, {@code logprobs}…) are not forwarded.
 *
 * <p>{@code response_format} of type {@code json_schema} or {@code json_object} is emulated by
 * appending an instruction to respond with only such a JSON object to {@code system}.
 */
public final class OpenAiToAnthropic {

    /** Anthropic requires max_tokens; used when the client gave no limit. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final String SYSTEM_SEPARATOR = "\n\n";

    private OpenAiToAnthropic() {}

    /** Top-level fields this class maps. */
    static final Set<String> MAPPED = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "top_k", "stop", "stream", "stream_options", "user", "safety_identifier",
            "reasoning_effort", "tools", "tool_choice", "parallel_tool_calls", "functions", "function_call",
            "response_format", "n", "modalities");

    public static ObjectNode request(ObjectNode openAiRequest, String upstreamModel) {
        return request(openAiRequest, upstreamModel, UpstreamFeatures.BASIC, field -> { });
    }

    /**
     * @param features what the upstream model takes ({@code thinking}: {@code adaptive} sends
     *                 adaptive thinking with an effort, {@code none} never thinks, else a budget)
     * @param dropped  told the name of each client field that could not be carried
     */
    public static ObjectNode request(ObjectNode openAiRequest, String upstreamModel, UpstreamFeatures features,
            Consumer<String> dropped) {
        JsonNode in = openAiRequest;
        refuseUnservable(in);
        ObjectNode out = Json.object();
        out.put("model", upstreamModel != null ? upstreamModel : Json.text(in, "model"));
        for (Iterator<String> names = in.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!MAPPED.contains(name)) {
                dropped.accept(name);
            }
        }

        JsonNode limit = Json.field(in, "max_completion_tokens");
        if (limit == null) {
            limit = Json.field(in, "max_tokens");
        }
        int maxTokens = limit != null ? limit.asInt() : DEFAULT_MAX_TOKENS;

        List<String> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        JsonNode messages = Json.field(in, "messages");
        if (messages != null) {
            Conversation conversation = new Conversation(turns);
            for (int i = 0; i < messages.size(); i++) {
                conversation.add(messages.get(i), "messages[" + i + "]", system);
            }
        }
        String formatInstruction = responseFormatInstruction(Json.field(in, "response_format"));
        if (formatInstruction != null) {
            system.add(formatInstruction);
        }
        if (!system.isEmpty()) {
            out.put("system", String.join(SYSTEM_SEPARATOR, system));
        }
        ArrayNode outMessages = out.putArray("messages");
        for (Turn turn : turns) {
            ObjectNode message = turn.toJson();
            if (message != null) {
                outMessages.add(message);
            }
        }
        if (outMessages.isEmpty()) {
            throw GatewayException.invalid("messages: at least one user or assistant message with content"
                    + " is required besides system messages");
        }

        boolean forcedTool = tools(in, out);
        String effort = Json.text(in, "reasoning_effort");
        // the client's limit includes reasoning (max_completion_tokens): the budget fits under it, never the reverse
        int budget = Math.min(thinkingBudget(effort), maxTokens - 1);
        boolean thinking = budget >= Reasoning.MIN_BUDGET && !forcedTool && !insideToolLoop(turns)
                && !"none".equals(features.thinking());
        if (thinking && "adaptive".equals(features.thinking())) {
            out.putObject("thinking").put("type", "adaptive");
            out.putObject("output_config").put("effort", Reasoning.fromOpenAiEffort(effort));
        } else if (thinking) {
            ObjectNode config = out.putObject("thinking");
            config.put("type", "enabled");
            config.put("budget_tokens", budget);
        } else if (effort != null && !"none".equals(effort)) {
            dropped.accept("reasoning_effort");
        }
        out.put("max_tokens", maxTokens);

        JsonNode temperature = Json.field(in, "temperature");
        if (temperature != null && (!thinking || temperature.doubleValue() == 1.0)) {
            // Anthropic's range is 0..1; OpenAI's 0..2
            out.put("temperature", Math.min(1.0, temperature.doubleValue()));
        }
        JsonNode topP = Json.field(in, "top_p");
        if (topP != null && (!thinking || topP.doubleValue() >= 0.95)) {
            out.set("top_p", topP.deepCopy());
        }
        JsonNode topK = Json.field(in, "top_k");
        if (topK != null && !thinking && Checks.isInt(topK) && topK.asInt() >= 0) {
            out.put("top_k", topK.asInt());
        }
        ArrayNode stop = stopSequences(Json.field(in, "stop"));
        if (stop != null) {
            out.set("stop_sequences", stop);
        }
        JsonNode stream = Json.field(in, "stream");
        if (stream != null) {
            out.put("stream", stream.asBoolean());
        }
        String user = Json.text(in, "safety_identifier");
        if (user == null) {
            user = Json.text(in, "user");
        }
        if (user != null && !user.isEmpty()) {
            // chosen by the app for the provider's abuse monitoring, unlike a device identifier
            out.putObject("metadata").put("user_id", user);
        }
        return out;
    }

    /** What an Anthropic-type upstream cannot do at all: several choices, audio. */
    private static void refuseUnservable(JsonNode in) {
        JsonNode n = Json.field(in, "n");
        if (n != null && n.asInt(1) > 1) {
            throw GatewayException.invalid("n: an Anthropic-type upstream returns one choice; send n=1 or several requests");
        }
        JsonNode modalities = Json.field(in, "modalities");
        boolean audio = Json.field(in, "audio") != null;
        if (modalities != null && modalities.isArray()) {
            for (JsonNode modality : modalities) {
                audio |= "audio".equals(modality.asText());
            }
        }
        if (audio) {
            throw GatewayException.invalid((Json.field(in, "audio") != null ? "audio" : "modalities")
                    + ": an Anthropic-type upstream cannot answer with audio");
        }
    }

    // ---------------------------------------------------------------- messages

    /** One Anthropic turn under construction. */
    private static final class Turn {
        final String role;
        /** Set while the turn is exactly one plain string (sent as a string). */
        String plain;
        final ArrayNode blocks = Json.array();

        Turn(String role) {
            this.role = role;
        }

        void addText(String text) {
            if (plain == null && blocks.isEmpty()) {
                plain = text;
                return;
            }
            flattenPlain();
            if (!text.isEmpty()) {
                blocks.add(Json.textBlock(text));
            }
        }

        void addBlocks(ArrayNode more) {
            flattenPlain();
            blocks.addAll(more);
        }

        private void flattenPlain() {
            if (plain != null) {
                if (!plain.isEmpty()) {
                    blocks.add(Json.textBlock(plain));
                }
                plain = null;
            }
        }

        boolean hasToolUse() {
            for (JsonNode block : blocks) {
                if ("tool_use".equals(block.path("type").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** A turn that opens with signed thinking may continue a tool loop with thinking on. */
        boolean startsWithThinking() {
            String type = blocks.isEmpty() ? "" : blocks.get(0).path("type").asText();
            return type.equals("thinking") || type.equals("redacted_thinking");
        }

        boolean hasToolResult() {
            for (JsonNode block : blocks) {
                if ("tool_result".equals(block.path("type").asText())) {
                    return true;
                }
            }
            return false;
        }

        ObjectNode toJson() {
            ObjectNode message = Json.object();
            message.put("role", role);
            if (plain != null) {
                message.put("content", plain);
                return message;
            }
            if (blocks.isEmpty()) {
                return null;
            }
            ArrayNode content = message.putArray("content");
            // Anthropic wants the tool_result blocks of a user turn before anything else
            for (JsonNode block : blocks) {
                if ("tool_result".equals(block.path("type").asText())) {
                    content.add(block);
                }
            }
            for (JsonNode block : blocks) {
                if (!"tool_result".equals(block.path("type").asText())) {
                    content.add(block);
                }
            }
            return message;
        }
    }

    /** Builds alternating turns from OpenAI messages. */
    private static final class Conversation {
        private final List<Turn> turns;
        /** Ids given to legacy {@code function_call}s, by function name, for the following function messages. */
        private final Map<String, String> legacyCallIds = new HashMap<>();
        private int legacyCalls;

        Conversation(List<Turn> turns) {
            this.turns = turns;
        }

        private Turn turn(String role) {
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role.equals(role)) {
                return last;
            }
            Turn turn = new Turn(role);
            turns.add(turn);
            return turn;
        }

        void add(JsonNode message, String path, List<String> system) {
            String role = String.valueOf(Json.text(message, "role"));
            JsonNode content = Json.field(message, "content");
            switch (role) {
                case "system", "developer" -> {
                    String text = plainText(content);
                    if (!text.isEmpty()) {
                        system.add(text);
                    }
                }
                case "user" -> user(content, path);
                case "assistant" -> assistant(message, content, path);
                case "tool" -> {
                    ArrayNode blocks = Json.array();
                    blocks.add(toolResult(Json.text(message, "tool_call_id"), content));
                    turn("user").addBlocks(blocks);
                }
                case "function" -> {
                    String name = Json.text(message, "name");
                    String id = legacyCallIds.remove(name);
                    if (id == null) {
                        throw GatewayException.invalid(path + ": function message " + Json.quote(name)
                                + " does not follow a function_call");
                    }
                    ArrayNode blocks = Json.array();
                    blocks.add(toolResult(id, content));
                    turn("user").addBlocks(blocks);
                }
                default -> throw GatewayException.invalid(path + ".role: unknown role " + Json.quote(role));
            }
        }

        private void user(JsonNode content, String path) {
            if (content == null) {
                return;
            }
            if (content.isTextual()) {
                turn("user").addText(content.asText());
                return;
            }
            ArrayNode blocks = Json.array();
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String at = path + ".content[" + j + "]";
                switch (String.valueOf(Json.text(part, "type"))) {
                    case "text" -> {
                        String text = Json.text(part, "text");
                        if (text != null && !text.isEmpty()) {
                            blocks.add(Json.textBlock(text));
                        }
                    }
                    case "image_url" -> blocks.add(image(part, at));
                    case "file" -> blocks.add(document(part, at));
                    case "input_audio" -> throw GatewayException.invalid(at + ".type: audio input cannot be sent"
                            + " to an Anthropic-format upstream");
                    default -> throw GatewayException.invalid(at + ".type: unknown content part type "
                            + Json.quote(Json.text(part, "type")));
                }
            }
            if (!blocks.isEmpty()) {
                turn("user").addBlocks(blocks);
            }
        }

        private void assistant(JsonNode message, JsonNode content, String path) {
            String text = plainText(content);
            ArrayNode toolUses = Json.array();
            JsonNode calls = Json.field(message, "tool_calls");
            if (calls != null) {
                for (int k = 0; k < calls.size(); k++) {
                    JsonNode call = calls.get(k);
                    JsonNode function = Json.field(call, "function");
                    toolUses.add(toolUse(Json.text(call, "id"), Json.text(function, "name"),
                            Json.text(function, "arguments"), path + ".tool_calls[" + k + "].function.arguments"));
                }
            }
            JsonNode legacy = Json.field(message, "function_call");
            if (legacy != null) {
                String name = Json.text(legacy, "name");
                String id = "call_legacy_" + (++legacyCalls);
                legacyCallIds.put(name, id);
                toolUses.add(toolUse(id, name, Json.text(legacy, "arguments"), path + ".function_call.arguments"));
            }
            ArrayNode thinking = thinkingBlocks(message);
            if (toolUses.isEmpty() && thinking.isEmpty()) {
                if (!text.isEmpty()) {
                    turn("assistant").addText(text);
                }
                return;
            }
            ArrayNode blocks = thinking;
            if (!text.isEmpty()) {
                blocks.add(Json.textBlock(text));
            }
            blocks.addAll(toolUses);
            turn("assistant").addBlocks(blocks);
        }
    }

    /**
     * Signed thinking blocks an assistant message carries in {@code thinking_blocks} (the
     * Responses front door writes them from reasoning items); anything else there is ignored.
     */
    private static ArrayNode thinkingBlocks(JsonNode message) {
        ArrayNode out = Json.array();
        JsonNode blocks = Json.field(message, ResponsesToChat.THINKING_BLOCKS);
        if (blocks != null && blocks.isArray()) {
            for (JsonNode block : blocks) {
                String type = Json.text(block, "type");
                if ("thinking".equals(type) && Json.text(block, "thinking") != null && Json.text(block, "signature") != null) {
                    out.add(Json.object().put("type", "thinking").put("thinking", Json.text(block, "thinking"))
                            .put("signature", Json.text(block, "signature")));
                } else if ("redacted_thinking".equals(type) && Json.text(block, "data") != null) {
                    out.add(Json.object().put("type", "redacted_thinking").put("data", Json.text(block, "data")));
                }
            }
        }
        return out;
    }

    /** The text of string content or of text / refusal parts, concatenated. */
    private static String plainText(JsonNode content) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String value = "refusal".equals(Json.text(part, "type")) ? Json.text(part, "refusal")
                    : Json.text(part, "text");
            if (value != null) {
                text.append(value);
            }
        }
        return text.toString();
    }

    private static ObjectNode toolResult(String toolUseId, JsonNode content) {
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", toolUseId);
        if (content == null) {
            return block;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                block.put("content", content.asText());
            }
            return block;
        }
        ArrayNode parts = Json.array();
        for (JsonNode part : content) {
            String text = Json.text(part, "text");
            if (text != null && !text.isEmpty()) {
                parts.add(Json.textBlock(text));
            }
        }
        if (!parts.isEmpty()) {
            block.set("content", parts);
        }
        return block;
    }

    private static ObjectNode toolUse(String id, String name, String arguments, String path) {
        JsonNode input;
        if (arguments == null || arguments.isBlank()) {
            input = Json.object();
        } else {
            input = Json.parseOrNull(arguments);
            if (input == null) {
                throw GatewayException.invalid(path + ": not valid JSON: " + Json.quote(arguments));
            }
            if (!input.isObject()) {
                throw GatewayException.invalid(path + ": must be a JSON object, got " + Json.kind(input));
            }
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", id);
        block.put("name", name);
        block.set("input", input);
        return block;
    }

    private static ObjectNode image(JsonNode part, String path) {
        String url = Json.text(Json.field(part, "image_url"), "url");
        ObjectNode block = Json.object();
        block.put("type", "image");
        block.set("source", source(url, path + ".image_url.url", "image"));
        return block;
    }

    private static ObjectNode document(JsonNode part, String path) {
        JsonNode file = Json.field(part, "file");
        String data = Json.text(file, "file_data");
        if (data == null) {
            throw GatewayException.invalid(path + ".file: file_id references cannot be sent to an"
                    + " Anthropic-format upstream; send file_data");
        }
        ObjectNode source = source(data, path + ".file.file_data", "application/pdf");
        String mediaType = source.path("media_type").asText();
        if (mediaType.startsWith("text/")) {
            // Anthropic takes plain text documents as text sources, not base64
            String text;
            try {
                text = new String(Base64.getMimeDecoder().decode(source.path("data").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalid(path + ".file.file_data: invalid base64 data");
            }
            source = Json.object().put("type", "text").put("media_type", "text/plain").put("data", text);
        }
        ObjectNode block = Json.object();
        block.put("type", "document");
        block.set("source", source);
        String filename = Json.text(file, "filename");
        if (filename != null && !filename.isBlank()) {
            block.put("title", filename);
        }
        return block;
    }

    /**
     * An Anthropic source for a URL: {@code data:} URLs become base64 sources, http(s) URLs url
     * sources. For files, a bare base64 string is accepted as a PDF.
     */
    private static ObjectNode source(String url, String path, String expected) {
        ObjectNode source = Json.object();
        if (url == null) {
            throw GatewayException.invalid(path + ": required");
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw GatewayException.invalid(path + ": data URL must be base64-encoded ("
                        + "data:MEDIA_TYPE;base64,DATA)");
            }
            int semicolon = header.indexOf(';');
            String mediaType = header.substring(0, semicolon).trim().toLowerCase(Locale.ROOT);
            if (mediaType.isEmpty()) {
                throw GatewayException.invalid(path + ": data URL has no media type");
            }
            if (mediaType.equals("image/jpg")) {
                mediaType = "image/jpeg"; // a common misspelling Anthropic does not accept
            }
            source.put("type", "base64");
            source.put("media_type", mediaType);
            source.put("data", url.substring(comma + 1));
            return source;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
            return source;
        }
        if (!"image".equals(expected) && !url.contains(":")) {
            source.put("type", "base64");
            source.put("media_type", expected);
            source.put("data", url);
            return source;
        }
        throw GatewayException.invalid(path + ": unsupported URL " + Json.quote(url)
                + " (expected a data: URL or an http(s) URL)");
    }

    // ---------------------------------------------------------------- options

    /** Translates tools and tool_choice; returns whether a specific tool use is forced. */
    private static boolean tools(JsonNode in, ObjectNode out) {
        ArrayNode tools = Json.array();
        JsonNode inTools = Json.field(in, "tools");
        if (inTools != null) {
            for (JsonNode tool : inTools) {
                if ("function".equals(Json.text(tool, "type"))) {
                    tools.add(tool(Json.field(tool, "function")));
                }
            }
        }
        JsonNode functions = Json.field(in, "functions");
        if (inTools == null && functions != null) {
            for (JsonNode function : functions) {
                tools.add(tool(function));
            }
        }
        if (tools.isEmpty()) {
            return false; // Anthropic rejects a tool_choice without tools
        }
        out.set("tools", tools);

        JsonNode choice = Json.field(in, "tool_choice");
        if (choice == null && inTools == null) {
            choice = Json.field(in, "function_call");
        }
        ObjectNode translated = null;
        if (choice != null && choice.isTextual()) {
            String type = switch (choice.asText()) {
                case "required" -> "any";
                case "none" -> "none";
                default -> "auto";
            };
            translated = Json.object().put("type", type);
        } else if (choice != null && choice.isObject()) {
            String type = Json.text(choice, "type");
            if ("allowed_tools".equals(type)) {
                String mode = Json.text(Json.field(choice, "allowed_tools"), "mode");
                translated = Json.object().put("type", "required".equals(mode) ? "any" : "auto");
            } else {
                JsonNode named = Json.field(choice, "function");
                if (named == null) {
                    named = Json.field(choice, "custom");
                }
                String name = named != null ? Json.text(named, "name") : Json.text(choice, "name");
                translated = Json.object().put("type", "tool").put("name", name);
            }
        }
        JsonNode parallel = Json.field(in, "parallel_tool_calls");
        if (parallel != null && !parallel.asBoolean(true)) {
            if (translated == null) {
                translated = Json.object().put("type", "auto");
            }
            if (!"none".equals(translated.path("type").asText())) {
                translated.put("disable_parallel_tool_use", true);
            }
        }
        if (translated != null) {
            out.set("tool_choice", translated);
        }
        String type = translated == null ? "" : translated.path("type").asText();
        return type.equals("any") || type.equals("tool");
    }

    private static ObjectNode tool(JsonNode function) {
        ObjectNode tool = Json.object();
        tool.put("name", Json.text(function, "name"));
        String description = Json.text(function, "description");
        if (description != null) {
            tool.put("description", description);
        }
        JsonNode parameters = Json.field(function, "parameters");
        ObjectNode schema;
        if (parameters != null && parameters.isObject()) {
            schema = parameters.deepCopy();
            if (!schema.has("type")) {
                // Anthropic requires input_schema.type = object
                ObjectNode typed = Json.object().put("type", "object");
                typed.setAll(schema);
                schema = typed;
            }
        } else {
            schema = Json.object().put("type", "object");
            schema.putObject("properties");
        }
        tool.set("input_schema", schema);
        return tool;
    }

    private static ArrayNode stopSequences(JsonNode stop) {
        if (stop == null) {
            return null;
        }
        ArrayNode sequences = Json.array();
        if (stop.isTextual()) {
            addStop(sequences, stop.asText());
        } else {
            for (JsonNode item : stop) {
                addStop(sequences, item.asText());
            }
        }
        return sequences.isEmpty() ? null : sequences;
    }

    /** Anthropic rejects stop sequences made only of whitespace; they are dropped. */
    private static void addStop(ArrayNode sequences, String value) {
        if (!value.isBlank()) {
            sequences.add(value);
        }
    }

    /** Thinking budget for an OpenAI reasoning effort, or 0 for none. */
    static int thinkingBudget(String effort) {
        if (effort == null) {
            return 0;
        }
        return switch (effort) {
            case "minimal", "low" -> 1024;
            case "medium" -> 4096;
            case "high", "xhigh" -> 16384;
            default -> 0;
        };
    }

    /**
     * True when the conversation ends inside a tool-use loop (the last assistant turn called
     * tools). Anthropic then requires that turn to start with a signed thinking block, which
     * OpenAI clients cannot send back, so thinking is not enabled.
     */
    private static boolean insideToolLoop(List<Turn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            if (turn.role.equals("assistant")) {
                return turn.hasToolUse() && !turn.startsWithThinking();
            }
            if (!turn.hasToolResult()) {
                return false;
            }
        }
        return false;
    }

    /** The system instruction emulating {@code response_format}, or null. */
    private static String responseFormatInstruction(JsonNode format) {
        String type = Json.text(format, "type");
        if ("json_schema".equals(type)) {
            JsonNode schema = Json.field(Json.field(format, "json_schema"), "schema");
            if (schema == null) {
                return "Respond with only a JSON object, without any other text.";
            }
            return "Respond with only a JSON object matching this JSON Schema, without any other text: "
                    + Json.write(schema);
        }
        if ("json_object".equals(type)) {
            return "Respond with only a valid JSON object, without any other text.";
        }
        return null;
    }
}
