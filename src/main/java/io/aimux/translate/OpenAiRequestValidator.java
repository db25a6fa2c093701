package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Strict structural validation of an OpenAI Chat Completions request body. Throws a 400
 * {@link io.aimux.error.GatewayException} naming the first offending field. Fields this class
 * does not know are left alone (they may be host-specific extensions).
 */
public final class OpenAiRequestValidator {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> PART_TYPES = Set.of("text", "image_url", "input_audio", "file", "refusal");
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> REASONING_EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final int MAX_STOP = 4;
    private static final int OPENAI_TOOL_NAME_MAX = 64;

    private OpenAiRequestValidator() {}

    public static void validate(JsonNode body) {
        Checks.requireBody(body);
        Checks.model(body);
        JsonNode messages = Checks.messages(body);
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }

        Checks.optionalNumber(body, "temperature", 0, 2);
        Checks.optionalNumber(body, "top_p", 0, 1);
        Checks.optionalNumber(body, "frequency_penalty", -2, 2);
        Checks.optionalNumber(body, "presence_penalty", -2, 2);
        Checks.optionalInt(body, "max_tokens", "", 1);
        Checks.optionalInt(body, "max_completion_tokens", "", 1);
        JsonNode n = Json.field(body, "n");
        if (n != null && !(Checks.isInt(n) && n.asInt() == 1)) {
            // one answer is what a translation (and the mock) produces; asking for more must not silently get one
            throw fail("n", "only 1 is supported on this route");
        }
        Checks.optionalInt(body, "top_logprobs", "", 0);
        JsonNode seed = Json.field(body, "seed");
        if (seed != null && !seed.isIntegralNumber()) {
            throw fail("seed", "must be an integer, got " + Json.kind(seed));
        }
        Checks.optionalBoolean(body, "stream", "");
        Checks.optionalBoolean(body, "logprobs", "");
        Checks.optionalBoolean(body, "parallel_tool_calls", "");
        Checks.optionalBoolean(body, "store", "");
        Checks.optionalString(body, "user", "");
        Checks.optionalObject(body, "metadata", "");
        Checks.optionalObject(body, "logit_bias", "");
        streamOptions(body);
        stop(body);
        tools(body);
        toolChoice(body);
        legacyFunctions(body);
        responseFormat(body);
        JsonNode effort = Json.field(body, "reasoning_effort");
        if (effort != null) {
            if (!effort.isTextual()) {
                throw fail("reasoning_effort", "must be a string, got " + Json.kind(effort));
            }
            if (!REASONING_EFFORTS.contains(effort.asText())) {
                throw fail("reasoning_effort", "unknown value " + Json.quote(effort.asText())
                        + " (expected minimal, low, medium or high)");
            }
        }
    }

    private static void message(JsonNode message, String path) {
        String role = Checks.role(message, path, ROLES);
        JsonNode content = message.get("content");
        boolean hasToolCalls = !Json.absent(message.get("tool_calls"));
        boolean hasFunctionCall = !Json.absent(message.get("function_call"));
        Checks.optionalString(message, "name", path + ".");

        if (Json.absent(content)) {
            boolean allowed = role.equals("assistant") || (role.equals("function") && content != null);
            if (!allowed) {
                throw fail(path + ".content", content == null ? "required" : "must not be null for role " + role);
            }
        } else if (content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                part(content.get(j), path + ".content[" + j + "]", role);
            }
        } else if (!content.isTextual()) {
            throw fail(path + ".content", "must be a string or an array of content parts, got " + Json.kind(content));
        }

        switch (role) {
            case "assistant" -> {
                if (hasToolCalls) {
                    toolCalls(message.get("tool_calls"), path + ".tool_calls");
                }
                if (hasFunctionCall) {
                    JsonNode call = message.get("function_call");
                    if (!call.isObject()) {
                        throw fail(path + ".function_call", "must be an object, got " + Json.kind(call));
                    }
                    Checks.requiredString(call, "name", path + ".function_call.");
                    Checks.requiredString(call, "arguments", path + ".function_call.");
                }
            }
            case "tool" -> Checks.requiredString(message, "tool_call_id", path + ".");
            case "function" -> Checks.requiredString(message, "name", path + ".");
            default -> {
                if (hasToolCalls) {
                    throw fail(path + ".tool_calls", "only allowed in assistant messages");
                }
            }
        }
    }

    private static void part(JsonNode part, String path, String role) {
        String type = Checks.partType(part, path);
        if (!PART_TYPES.contains(type)) {
            throw fail(path + ".type", "unknown content part type " + Json.quote(type));
        }
        boolean allowed = switch (role) {
            case "system", "developer", "tool", "function" -> type.equals("text");
            case "assistant" -> type.equals("text") || type.equals("refusal");
            default -> !type.equals("refusal");
        };
        if (!allowed) {
            throw fail(path + ".type", "content part type " + Json.quote(type) + " is not allowed in " + role
                    + " messages");
        }
        switch (type) {
            case "text" -> Checks.requiredString(part, "text", path + ".");
            case "refusal" -> Checks.requiredString(part, "refusal", path + ".");
            case "image_url" -> {
                JsonNode image = part.get("image_url");
                if (Json.absent(image) || !image.isObject()) {
                    throw fail(path + ".image_url", "must be an object with a url, got " + Json.kind(image));
                }
                Checks.requiredString(image, "url", path + ".image_url.");
                Checks.optionalString(image, "detail", path + ".image_url.");
            }
            case "input_audio" -> {
                JsonNode audio = part.get("input_audio");
                if (Json.absent(audio) || !audio.isObject()) {
                    throw fail(path + ".input_audio", "must be an object, got " + Json.kind(audio));
                }
                Checks.requiredString(audio, "data", path + ".input_audio.");
                Checks.requiredString(audio, "format", path + ".input_audio.");
            }
            case "file" -> {
                JsonNode file = part.get("file");
                if (Json.absent(file) || !file.isObject()) {
                    throw fail(path + ".file", "must be an object, got " + Json.kind(file));
                }
                Checks.optionalString(file, "file_data", path + ".file.");
                Checks.optionalString(file, "file_id", path + ".file.");
                Checks.optionalString(file, "filename", path + ".file.");
                if (Json.absent(file.get("file_data")) && Json.absent(file.get("file_id"))) {
                    throw fail(path + ".file", "needs file_data or file_id");
                }
            }
            default -> {
                // unreachable: filtered above
            }
        }
    }

    private static void toolCalls(JsonNode calls, String path) {
        if (!calls.isArray()) {
            throw fail(path, "must be an array, got " + Json.kind(calls));
        }
        for (int k = 0; k < calls.size(); k++) {
            JsonNode call = calls.get(k);
            String at = path + "[" + k + "]";
            if (!call.isObject()) {
                throw fail(at, "must be an object, got " + Json.kind(call));
            }
            Checks.requiredString(call, "id", at + ".");
            JsonNode type = Json.field(call, "type");
            if (type != null && !"function".equals(type.asText())) {
                throw fail(at + ".type", "unknown tool call type " + Json.quote(type.asText()));
            }
            JsonNode function = call.get("function");
            if (Json.absent(function) || !function.isObject()) {
                throw fail(at + ".function", "must be an object, got " + Json.kind(function));
            }
            Checks.requiredString(function, "name", at + ".function.");
            Checks.requiredString(function, "arguments", at + ".function.");
        }
    }

    private static void streamOptions(JsonNode body) {
        JsonNode options = Json.field(body, "stream_options");
        if (options == null) {
            return;
        }
        if (!options.isObject()) {
            throw fail("stream_options", "must be an object, got " + Json.kind(options));
        }
        Checks.optionalBoolean(options, "include_usage", "stream_options.");
    }

    private static void stop(JsonNode body) {
        JsonNode stop = Json.field(body, "stop");
        if (stop == null || stop.isTextual()) {
            return;
        }
        if (!stop.isArray()) {
            throw fail("stop", "must be a string or an array of strings, got " + Json.kind(stop));
        }
        if (stop.size() > MAX_STOP) {
            throw fail("stop", "must contain at most " + MAX_STOP + " sequences, got " + stop.size());
        }
        Checks.stringItems(stop, "stop");
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
            String type = Checks.partType(tool, path);
            switch (type) {
                case "function" -> {
                    JsonNode function = tool.get("function");
                    if (Json.absent(function) || !function.isObject()) {
                        throw fail(path + ".function", "must be an object, got " + Json.kind(function));
                    }
                    functionDefinition(function, path + ".function");
                }
                case "custom" -> {
                    JsonNode custom = tool.get("custom");
                    if (Json.absent(custom) || !custom.isObject()) {
                        throw fail(path + ".custom", "must be an object, got " + Json.kind(custom));
                    }
                    toolName(custom, path + ".custom");
                }
                default -> throw fail(path + ".type", "unknown tool type " + Json.quote(type));
            }
        }
    }

    private static void functionDefinition(JsonNode function, String path) {
        toolName(function, path);
        Checks.optionalString(function, "description", path + ".");
        Checks.optionalObject(function, "parameters", path + ".");
        Checks.optionalBoolean(function, "strict", path + ".");
    }

    private static void toolName(JsonNode holder, String path) {
        Checks.requiredString(holder, "name", path + ".");
        String name = holder.get("name").asText();
        if (!Checks.validToolName(name, OPENAI_TOOL_NAME_MAX)) {
            throw fail(path + ".name", "invalid tool name " + Json.quote(name)
                    + " (must match ^[a-zA-Z0-9_-]{1,64}$)");
        }
    }

    private static void toolChoice(JsonNode body) {
        JsonNode choice = Json.field(body, "tool_choice");
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            if (!TOOL_CHOICES.contains(choice.asText())) {
                throw fail("tool_choice", "unknown value " + Json.quote(choice.asText())
                        + " (expected none, auto, required or a function)");
            }
            return;
        }
        if (!choice.isObject()) {
            throw fail("tool_choice", "must be a string or an object, got " + Json.kind(choice));
        }
        String type = Checks.partType(choice, "tool_choice");
        switch (type) {
            case "function" -> {
                JsonNode function = choice.get("function");
                if (Json.absent(function) || !function.isObject()) {
                    throw fail("tool_choice.function", "must be an object, got " + Json.kind(function));
                }
                Checks.requiredString(function, "name", "tool_choice.function.");
            }
            case "custom" -> {
                JsonNode custom = choice.get("custom");
                if (Json.absent(custom) || !custom.isObject()) {
                    throw fail("tool_choice.custom", "must be an object, got " + Json.kind(custom));
                }
                Checks.requiredString(custom, "name", "tool_choice.custom.");
            }
            case "allowed_tools" -> {
                JsonNode allowed = choice.get("allowed_tools");
                if (Json.absent(allowed) || !allowed.isObject()) {
                    throw fail("tool_choice.allowed_tools", "must be an object, got " + Json.kind(allowed));
                }
                Checks.requiredString(allowed, "mode", "tool_choice.allowed_tools.");
                String mode = allowed.get("mode").asText();
                if (!mode.equals("auto") && !mode.equals("required")) {
                    throw fail("tool_choice.allowed_tools.mode", "unknown value " + Json.quote(mode));
                }
                JsonNode list = allowed.get("tools");
                if (Json.absent(list) || !list.isArray()) {
                    throw fail("tool_choice.allowed_tools.tools", "must be an array, got " + Json.kind(list));
                }
            }
            default -> throw fail("tool_choice.type", "unknown tool_choice type " + Json.quote(type));
        }
    }

    private static void legacyFunctions(JsonNode body) {
        JsonNode functions = Json.field(body, "functions");
        if (functions != null) {
            if (!functions.isArray()) {
                throw fail("functions", "must be an array, got " + Json.kind(functions));
            }
            if (functions.size() > Checks.MAX_TOOLS) {
                throw fail("functions", "must contain at most " + Checks.MAX_TOOLS + " functions");
            }
            for (int i = 0; i < functions.size(); i++) {
                JsonNode function = functions.get(i);
                if (!function.isObject()) {
                    throw fail("functions[" + i + "]", "must be an object, got " + Json.kind(function));
                }
                functionDefinition(function, "functions[" + i + "]");
            }
        }
        JsonNode call = Json.field(body, "function_call");
        if (call != null) {
            if (call.isTextual()) {
                if (!call.asText().equals("none") && !call.asText().equals("auto")) {
                    throw fail("function_call", "unknown value " + Json.quote(call.asText()));
                }
            } else if (call.isObject()) {
                Checks.requiredString(call, "name", "function_call.");
            } else {
                throw fail("function_call", "must be a string or an object, got " + Json.kind(call));
            }
        }
    }

    private static void responseFormat(JsonNode body) {
        JsonNode format = Json.field(body, "response_format");
        if (format == null) {
            return;
        }
        if (!format.isObject()) {
            throw fail("response_format", "must be an object, got " + Json.kind(format));
        }
        String type = Checks.partType(format, "response_format");
        if (!RESPONSE_FORMATS.contains(type)) {
            throw fail("response_format.type", "unknown value " + Json.quote(type));
        }
        if (type.equals("json_schema")) {
            JsonNode schema = format.get("json_schema");
            if (Json.absent(schema) || !schema.isObject()) {
                throw fail("response_format.json_schema", "must be an object, got " + Json.kind(schema));
            }
            Checks.requiredString(schema, "name", "response_format.json_schema.");
            Checks.optionalObject(schema, "schema", "response_format.json_schema.");
        }
    }
}
