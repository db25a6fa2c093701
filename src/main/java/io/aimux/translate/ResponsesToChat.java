package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Converts an OpenAI Responses request into a Chat Completions request, so that the one pair of
 * translators (and the OpenAI path) serves the Responses front door too. The conversation is the
 * stored history of {@code previous_response_id} (if any), then {@code input}.
 *
 * <p>Items become messages: {@code function_call} items join the assistant message before them as
 * {@code tool_calls}, {@code function_call_output} items become {@code tool} messages, and a
 * {@code reasoning} item whose {@code encrypted_content} the gateway wrote travels as
 * {@code thinking_blocks} of the next assistant message (read by {@link OpenAiToAnthropic}, removed
 * for OpenAI-type upstreams). Custom (freeform) tools become functions taking one string
 * parameter {@code input}. Tools that run at OpenAI only (web search, file search, …) are dropped.
 * Every policy is in docs/compatibility.md.
 */
public final class ResponsesToChat {

    /** Prefix of {@code encrypted_content} values written by the gateway: a thinking block, base64 JSON. */
    public static final String REASONING_PREFIX = "aimux.v1.";
    /** The chat message field that carries Anthropic thinking blocks of an assistant turn. */
    public static final String THINKING_BLOCKS = "thinking_blocks";

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    /** Top-level fields converted, applied by the gateway, or answered in the response object. */
    static final Set<String> HANDLED = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "max_output_tokens", "temperature", "top_p", "text", "reasoning", "stream",
            "store", "include", "metadata", "user", "safety_identifier", "prompt_cache_key", "service_tier",
            "previous_response_id", "truncation", "stream_options");
    /** Requests the gateway cannot serve faithfully. */
    private static final Set<String> REFUSED = Set.of("background", "conversation", "prompt");

    private ResponsesToChat() {}

    /**
     * The converted request, the names of the custom tools (their calls go back as
     * {@code custom_tool_call}) and the namespace of each tool declared inside a {@code namespace}
     * group (its calls carry it back).
     */
    public record Converted(ObjectNode chat, Set<String> customTools, java.util.Map<String, String> namespaces) {}

    /**
     * @param request the client's Responses request
     * @param history items of the stored conversation before this request, or null
     * @param dropped told the name of each client field or item that could not be carried
     */
    public static Converted convert(ObjectNode request, ArrayNode history, Consumer<String> dropped) {
        Checks.requireBody(request);
        Checks.model(request);
        for (String name : REFUSED) {
            JsonNode value = Json.field(request, name);
            if (value != null && !(value.isBoolean() && !value.asBoolean())) {
                throw fail(name, "is not supported by this gateway (" + switch (name) {
                    case "background" -> "send the request in the foreground";
                    case "conversation" -> "use previous_response_id, or send the whole input";
                    default -> "send instructions and input instead of a stored prompt";
                } + ")");
            }
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!HANDLED.contains(name) && !REFUSED.contains(name)) {
                dropped.accept(name);
            }
        });
        ObjectNode chat = Json.object();
        chat.put("model", Json.text(request, "model"));
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = Json.field(request, "instructions");
        if (instructions != null) {
            if (!instructions.isTextual()) {
                throw fail("instructions", "must be a string, got " + Json.kind(instructions));
            }
            if (!instructions.asText().isEmpty()) {
                messages.addObject().put("role", "system").put("content", instructions.asText());
            }
        }
        Set<String> customTools = new LinkedHashSet<>();
        java.util.Map<String, String> namespaces = new java.util.HashMap<>();
        ArrayNode tools = tools(request, customTools, namespaces, dropped);
        Items items = new Items(messages, customTools, dropped);
        if (history != null) {
            for (int i = 0; i < history.size(); i++) {
                items.add(history.get(i), "previous_response_id");
            }
        }
        JsonNode input = Json.field(request, "input");
        if (input == null) {
            if (history == null) {
                throw fail("input", "required");
            }
        } else if (input.isTextual()) {
            items.flush();
            messages.addObject().put("role", "user").put("content", input.asText());
        } else if (input.isArray()) {
            if (input.size() > Checks.MAX_MESSAGES) {
                throw fail("input", "must contain at most " + Checks.MAX_MESSAGES + " items, got " + input.size());
            }
            for (int i = 0; i < input.size(); i++) {
                items.add(input.get(i), "input[" + i + "]");
            }
        } else {
            throw fail("input", "must be a string or an array of items, got " + Json.kind(input));
        }
        items.flush();
        if (messages.isEmpty()) {
            throw fail("input", "must contain at least one message");
        }
        if (!tools.isEmpty()) {
            chat.set("tools", tools);
        }
        toolChoice(request, chat, customTools);
        copyBoolean(request, chat, "parallel_tool_calls", "parallel_tool_calls");
        copyBoolean(request, chat, "stream", "stream");
        Checks.optionalInt(request, "max_output_tokens", "", 1);
        copy(request, chat, "max_output_tokens", "max_completion_tokens");
        Checks.optionalNumber(request, "temperature", 0, 2);
        copy(request, chat, "temperature", "temperature");
        Checks.optionalNumber(request, "top_p", 0, 1);
        copy(request, chat, "top_p", "top_p");
        Checks.optionalString(request, "user", "");
        copy(request, chat, "user", "user");
        Checks.optionalString(request, "safety_identifier", "");
        copy(request, chat, "safety_identifier", "safety_identifier");
        Checks.optionalString(request, "prompt_cache_key", "");
        copy(request, chat, "prompt_cache_key", "prompt_cache_key");
        Checks.optionalString(request, "service_tier", "");
        copy(request, chat, "service_tier", "service_tier");
        Checks.optionalBoolean(request, "store", "");
        Checks.optionalObject(request, "metadata", "");
        Checks.optionalString(request, "previous_response_id", "");
        text(request, chat);
        reasoning(request, chat);
        return new Converted(chat, Set.copyOf(customTools), java.util.Map.copyOf(namespaces));
    }

    // ---------------------------------------------------------------- items

    /** Builds chat messages from items, merging calls into the assistant message before them. */
    private static final class Items {
        private final ArrayNode messages;
        private final Set<String> customTools;
        private final Consumer<String> dropped;
        /** The assistant message under construction (text, calls, thinking), or null. */
        private ObjectNode assistant;
        /** Thinking blocks waiting for the assistant message they belong to. */
        private ArrayNode thinking;

        Items(ArrayNode messages, Set<String> customTools, Consumer<String> dropped) {
            this.messages = messages;
            this.customTools = customTools;
            this.dropped = dropped;
        }

        void add(JsonNode item, String path) {
            if (!item.isObject()) {
                throw fail(path, "must be an object, got " + Json.kind(item));
            }
            JsonNode typeNode = Json.field(item, "type");
            if (typeNode != null && !typeNode.isTextual()) {
                throw fail(path + ".type", "must be a string, got " + Json.kind(typeNode));
            }
            String type = typeNode == null ? "message" : typeNode.asText();
            switch (type) {
                case "message" -> message(item, path);
                case "function_call", "custom_tool_call" -> call(item, path, type.equals("custom_tool_call"));
                case "function_call_output", "custom_tool_call_output" -> output(item, path);
                case "reasoning" -> reasoning(item, path);
                case "item_reference" -> throw fail(path + ".type", "item_reference is not supported by this"
                        + " gateway; send the item itself, or use previous_response_id");
                default -> dropped.accept("input." + boundedName(type)); // hosted tool calls and newer items
            }
        }

        private void message(JsonNode item, String path) {
            String role = Checks.role(item, path, ROLES);
            JsonNode content = Json.field(item, "content");
            if (content == null) {
                throw fail(path + ".content", "required");
            }
            if (role.equals("assistant")) {
                if (assistant != null && assistant.has("tool_calls")) {
                    flush(); // text after calls starts a new turn
                }
                ObjectNode message = assistant();
                String text = assistantText(content, path);
                if (!text.isEmpty()) {
                    String before = message.path("content").asText("");
                    message.put("content", before + text);
                }
                return;
            }
            flush();
            ObjectNode message = messages.addObject().put("role", role);
            if (content.isTextual()) {
                message.put("content", content.asText());
                return;
            }
            if (!content.isArray()) {
                throw fail(path + ".content", "must be a string or an array of content parts, got " + Json.kind(content));
            }
            ArrayNode parts = message.putArray("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String at = path + ".content[" + j + "]";
                String type = Checks.partType(part, at);
                boolean textOnly = !role.equals("user");
                switch (type) {
                    case "input_text", "output_text" -> {
                        Checks.requiredString(part, "text", at + ".");
                        parts.addObject().put("type", "text").put("text", part.get("text").asText());
                    }
                    case "input_image" -> {
                        if (textOnly) {
                            throw fail(at + ".type", "input_image is allowed in user messages only");
                        }
                        parts.add(image(part, at));
                    }
                    case "input_file" -> {
                        if (textOnly) {
                            throw fail(at + ".type", "input_file is allowed in user messages only");
                        }
                        parts.add(file(part, at));
                    }
                    default -> throw fail(at + ".type", "unknown content part type " + Json.quote(type));
                }
            }
        }

        private String assistantText(JsonNode content, String path) {
            if (content.isTextual()) {
                return content.asText();
            }
            if (!content.isArray()) {
                throw fail(path + ".content", "must be a string or an array of content parts, got " + Json.kind(content));
            }
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String at = path + ".content[" + j + "]";
                String type = Checks.partType(part, at);
                switch (type) {
                    case "output_text", "input_text" -> {
                        Checks.requiredString(part, "text", at + ".");
                        text.append(part.get("text").asText());
                    }
                    case "refusal" -> {
                        Checks.requiredString(part, "refusal", at + ".");
                        text.append(part.get("refusal").asText());
                    }
                    default -> throw fail(at + ".type", "unknown content part type " + Json.quote(type)
                            + " in an assistant message");
                }
            }
            return text.toString();
        }

        private void call(JsonNode item, String path, boolean custom) {
            Checks.requiredString(item, "call_id", path + ".");
            Checks.requiredString(item, "name", path + ".");
            String arguments;
            if (custom) {
                Checks.requiredString(item, "input", path + ".");
                arguments = Json.write(Json.object().put("input", item.get("input").asText()));
            } else {
                Checks.requiredString(item, "arguments", path + ".");
                arguments = item.get("arguments").asText();
            }
            ObjectNode message = assistant();
            ArrayNode calls = message.has("tool_calls") ? (ArrayNode) message.get("tool_calls") : message.putArray("tool_calls");
            ObjectNode call = calls.addObject();
            call.put("id", item.get("call_id").asText());
            call.put("type", "function");
            call.putObject("function").put("name", item.get("name").asText()).put("arguments", arguments);
        }

        private void output(JsonNode item, String path) {
            Checks.requiredString(item, "call_id", path + ".");
            JsonNode output = Json.field(item, "output");
            if (output == null) {
                throw fail(path + ".output", "required");
            }
            flush();
            ObjectNode message = messages.addObject().put("role", "tool").put("tool_call_id", item.get("call_id").asText());
            if (output.isTextual()) {
                message.put("content", output.asText());
            } else if (output.isArray()) {
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < output.size(); j++) {
                    JsonNode part = output.get(j);
                    String at = path + ".output[" + j + "]";
                    String type = Checks.partType(part, at);
                    if (type.equals("input_text") || type.equals("output_text")) {
                        Checks.requiredString(part, "text", at + ".");
                        text.append(part.get("text").asText());
                    } else {
                        dropped.accept("function_call_output." + boundedName(type)); // images in tool output
                    }
                }
                message.put("content", text.toString());
            } else {
                throw fail(path + ".output", "must be a string or an array of content parts, got " + Json.kind(output));
            }
        }

        /** Reasoning the gateway wrote goes back as a thinking block; other reasoning cannot be replayed. */
        private void reasoning(JsonNode item, String path) {
            JsonNode encrypted = Json.field(item, "encrypted_content");
            ObjectNode block = encrypted != null && encrypted.isTextual() ? thinkingBlock(encrypted.asText()) : null;
            if (block == null) {
                dropped.accept("input.reasoning");
                return;
            }
            if (assistant != null && (assistant.has("tool_calls") || assistant.has("content"))) {
                flush(); // reasoning opens the next assistant turn
            }
            if (thinking == null) {
                thinking = Json.array();
            }
            thinking.add(block);
        }

        private ObjectNode assistant() {
            if (assistant == null) {
                assistant = Json.object().put("role", "assistant");
            }
            return assistant;
        }

        /** Ends the assistant message under construction. */
        void flush() {
            if (assistant == null && thinking != null) {
                assistant = Json.object().put("role", "assistant"); // thinking alone still belongs to a turn
            }
            if (assistant == null) {
                return;
            }
            if (thinking != null) {
                assistant.set(THINKING_BLOCKS, thinking);
                thinking = null;
            }
            if (!assistant.has("content")) {
                assistant.putNull("content");
            }
            if (assistant.has("tool_calls") || !assistant.path("content").isNull() || assistant.has(THINKING_BLOCKS)) {
                messages.add(assistant);
            }
            assistant = null;
        }
    }

    private static ObjectNode image(JsonNode part, String path) {
        JsonNode url = Json.field(part, "image_url");
        if (url == null || !url.isTextual()) {
            if (Json.field(part, "file_id") != null) {
                throw fail(path + ".file_id", "file references are not supported by this gateway; send image_url");
            }
            throw fail(path + ".image_url", "required");
        }
        ObjectNode out = Json.object().put("type", "image_url");
        ObjectNode image = out.putObject("image_url").put("url", url.asText());
        String detail = Json.text(part, "detail");
        if (detail != null && !detail.equals("auto")) {
            image.put("detail", detail);
        }
        return out;
    }

    private static ObjectNode file(JsonNode part, String path) {
        String data = Json.text(part, "file_data");
        if (data == null) {
            throw fail(path + ".file_data", "required (file_id and file_url references are not supported by this gateway)");
        }
        ObjectNode out = Json.object().put("type", "file");
        ObjectNode file = out.putObject("file").put("file_data", data);
        String name = Json.text(part, "filename");
        if (name != null) {
            file.put("filename", name);
        }
        return out;
    }

    // ---------------------------------------------------------------- options

    private static ArrayNode tools(JsonNode request, Set<String> customTools, java.util.Map<String, String> namespaces,
            Consumer<String> dropped) {
        ArrayNode out = Json.array();
        JsonNode tools = Json.field(request, "tools");
        if (tools == null) {
            return out;
        }
        if (!tools.isArray()) {
            throw fail("tools", "must be an array, got " + Json.kind(tools));
        }
        if (tools.size() > Checks.MAX_TOOLS) {
            throw fail("tools", "must contain at most " + Checks.MAX_TOOLS + " tools, got " + tools.size());
        }
        addTools(tools, "tools", null, out, customTools, namespaces, dropped);
        if (out.size() > Checks.MAX_TOOLS) {
            throw fail("tools", "must contain at most " + Checks.MAX_TOOLS + " tools, namespaces included");
        }
        return out;
    }

    private static void addTools(JsonNode tools, String at, String namespace, ArrayNode out, Set<String> customTools,
            java.util.Map<String, String> namespaces, Consumer<String> dropped) {
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = at + "[" + i + "]";
            String type = Checks.partType(tool, path);
            if (namespace != null && (type.equals("function") || type.equals("custom"))) {
                toolName(tool, path);
                namespaces.put(tool.get("name").asText(), namespace);
            }
            switch (type) {
                case "namespace" -> {
                    // a tool group: its tools are offered flat; calls name their group again
                    if (namespace != null) {
                        throw fail(path + ".type", "namespaces cannot be nested");
                    }
                    Checks.requiredString(tool, "name", path + ".");
                    JsonNode inner = Json.field(tool, "tools");
                    if (inner == null || !inner.isArray()) {
                        throw fail(path + ".tools", "must be an array, got " + Json.kind(inner));
                    }
                    addTools(inner, path + ".tools", tool.get("name").asText(), out, customTools, namespaces, dropped);
                }
                case "function" -> {
                    toolName(tool, path);
                    Checks.optionalObject(tool, "parameters", path + ".");
                    ObjectNode function = Json.object().put("name", tool.get("name").asText());
                    String description = Json.text(tool, "description");
                    if (description != null) {
                        function.put("description", description);
                    }
                    JsonNode parameters = Json.field(tool, "parameters");
                    function.set("parameters", parameters != null ? parameters.deepCopy() : emptySchema());
                    JsonNode strict = Json.field(tool, "strict");
                    if (strict != null && strict.isBoolean()) {
                        function.put("strict", strict.asBoolean());
                    }
                    out.addObject().put("type", "function").set("function", function);
                }
                case "custom" -> {
                    toolName(tool, path);
                    String name = tool.get("name").asText();
                    customTools.add(name);
                    ObjectNode function = Json.object().put("name", name);
                    StringBuilder description = new StringBuilder(String.valueOf(Json.text(tool, "description") == null
                            ? "" : Json.text(tool, "description")));
                    JsonNode format = Json.field(tool, "format");
                    if ("grammar".equals(Json.text(format, "type")) && Json.text(format, "definition") != null) {
                        // the model writes the whole input as one string: it must know its grammar
                        description.append(description.length() > 0 ? "\n\n" : "").append("The input must follow this ")
                                .append(String.valueOf(Json.text(format, "syntax"))).append(" grammar:\n")
                                .append(Json.text(format, "definition"));
                    }
                    if (description.length() > 0) {
                        function.put("description", description.toString());
                    }
                    ObjectNode schema = function.putObject("parameters").put("type", "object");
                    schema.putObject("properties").putObject("input").put("type", "string")
                            .put("description", "The raw input of the tool.");
                    schema.putArray("required").add("input");
                    out.addObject().put("type", "function").set("function", function);
                }
                default -> dropped.accept("tools." + boundedName(type)); // hosted tools run at OpenAI only
            }
        }
    }

    private static void toolName(JsonNode tool, String path) {
        Checks.requiredString(tool, "name", path + ".");
        String name = tool.get("name").asText();
        if (!Checks.validToolName(name, 64)) {
            throw fail(path + ".name", "invalid tool name " + Json.quote(name) + " (must match ^[a-zA-Z0-9_-]{1,64}$)");
        }
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static void toolChoice(JsonNode request, ObjectNode chat, Set<String> customTools) {
        JsonNode choice = Json.field(request, "tool_choice");
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            String value = choice.asText();
            if (!value.equals("auto") && !value.equals("none") && !value.equals("required")) {
                throw fail("tool_choice", "unknown value " + Json.quote(value) + " (expected none, auto, required or a tool)");
            }
            if (chat.has("tools")) {
                chat.put("tool_choice", value);
            }
            return;
        }
        if (!choice.isObject()) {
            throw fail("tool_choice", "must be a string or an object, got " + Json.kind(choice));
        }
        String type = Checks.partType(choice, "tool_choice");
        switch (type) {
            case "function", "custom" -> {
                Checks.requiredString(choice, "name", "tool_choice.");
                chat.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.get("name").asText());
            }
            case "allowed_tools" -> {
                String mode = Json.text(choice, "mode");
                if (!"auto".equals(mode) && !"required".equals(mode)) {
                    throw fail("tool_choice.mode", "must be auto or required");
                }
                JsonNode allowed = Json.field(choice, "tools");
                if (allowed == null || !allowed.isArray()) {
                    throw fail("tool_choice.tools", "must be an array, got " + Json.kind(allowed));
                }
                ObjectNode out = chat.putObject("tool_choice").put("type", "allowed_tools");
                ObjectNode inner = out.putObject("allowed_tools").put("mode", mode);
                ArrayNode list = inner.putArray("tools");
                for (JsonNode tool : allowed) {
                    String name = Json.text(tool, "name");
                    if (name != null) {
                        list.addObject().put("type", "function").putObject("function").put("name", name);
                    }
                }
            }
            default -> throw fail("tool_choice.type", "forces the hosted tool " + Json.quote(type)
                    + ", which runs at OpenAI only");
        }
    }

    /** {@code text.format} becomes {@code response_format}; {@code text.verbosity} becomes {@code verbosity}. */
    private static void text(JsonNode request, ObjectNode chat) {
        JsonNode text = Json.field(request, "text");
        if (text == null) {
            return;
        }
        if (!text.isObject()) {
            throw fail("text", "must be an object, got " + Json.kind(text));
        }
        JsonNode format = Json.field(text, "format");
        if (format != null) {
            String type = Checks.partType(format, "text.format");
            switch (type) {
                case "text" -> { }
                case "json_object" -> chat.putObject("response_format").put("type", "json_object");
                case "json_schema" -> {
                    Checks.requiredString(format, "name", "text.format.");
                    JsonNode schema = Json.field(format, "schema");
                    if (schema == null || !schema.isObject()) {
                        throw fail("text.format.schema", "must be an object, got " + Json.kind(schema));
                    }
                    ObjectNode out = chat.putObject("response_format").put("type", "json_schema");
                    ObjectNode inner = out.putObject("json_schema");
                    inner.put("name", format.get("name").asText());
                    inner.set("schema", schema.deepCopy());
                    String description = Json.text(format, "description");
                    if (description != null) {
                        inner.put("description", description);
                    }
                    JsonNode strict = Json.field(format, "strict");
                    if (strict != null && strict.isBoolean()) {
                        inner.put("strict", strict.asBoolean());
                    }
                }
                default -> throw fail("text.format.type", "unknown value " + Json.quote(type)
                        + " (expected text, json_object or json_schema)");
            }
        }
        String verbosity = Json.text(text, "verbosity");
        if (verbosity != null) {
            chat.put("verbosity", verbosity);
        }
    }

    private static void reasoning(JsonNode request, ObjectNode chat) {
        JsonNode reasoning = Json.field(request, "reasoning");
        if (reasoning == null) {
            return;
        }
        if (!reasoning.isObject()) {
            throw fail("reasoning", "must be an object, got " + Json.kind(reasoning));
        }
        JsonNode effort = Json.field(reasoning, "effort");
        if (effort != null) {
            if (!effort.isTextual()) {
                throw fail("reasoning.effort", "must be a string, got " + Json.kind(effort));
            }
            chat.put("reasoning_effort", effort.asText());
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String name, String as) {
        JsonNode value = Json.field(from, name);
        if (value != null) {
            to.set(as, value.deepCopy());
        }
    }

    private static void copyBoolean(JsonNode from, ObjectNode to, String name, String as) {
        Checks.optionalBoolean(from, name, "");
        copy(from, to, name, as);
    }

    /** A client-chosen type name as a metrics label: bounded, plain. */
    private static String boundedName(String type) {
        return type.length() <= 40 && type.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c)) ? type : "other";
    }

    // ---------------------------------------------------------------- reasoning round trip

    /**
     * The {@code encrypted_content} of a reasoning item for a thinking block: the block's JSON,
     * base64url, behind a version prefix. It carries the upstream's signature, which is what
     * protects the thinking; the gateway adds no secret of its own.
     */
    public static String encryptedContent(String thinking, String signature, String redactedData) {
        ObjectNode block = Json.object();
        if (redactedData != null) {
            block.put("type", "redacted_thinking").put("data", redactedData);
        } else {
            block.put("type", "thinking").put("thinking", thinking).put("signature", signature);
        }
        return REASONING_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(block).getBytes(StandardCharsets.UTF_8));
    }

    /** The thinking block in an {@code encrypted_content} the gateway wrote, or null for any other value. */
    static ObjectNode thinkingBlock(String encrypted) {
        if (!encrypted.startsWith(REASONING_PREFIX)) {
            return null;
        }
        JsonNode block;
        try {
            block = Json.parseOrNull(new String(Base64.getUrlDecoder().decode(encrypted.substring(REASONING_PREFIX.length())),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (block == null || !block.isObject()) {
            return null;
        }
        String type = Json.text(block, "type");
        if ("thinking".equals(type) && Json.text(block, "thinking") != null && Json.text(block, "signature") != null) {
            return Json.object().put("type", "thinking").put("thinking", Json.text(block, "thinking"))
                    .put("signature", Json.text(block, "signature"));
        }
        if ("redacted_thinking".equals(type) && Json.text(block, "data") != null) {
            return Json.object().put("type", "redacted_thinking").put("data", Json.text(block, "data"));
        }
        return null;
    }

    /** Removes what only Anthropic-type upstreams read, before a request goes to an OpenAI-type one. */
    public static void stripThinkingBlocks(ObjectNode chat) {
        JsonNode messages = chat.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                if (message.isObject()) {
                    ((ObjectNode) message).remove(THINKING_BLOCKS);
                }
            }
        }
    }
}
