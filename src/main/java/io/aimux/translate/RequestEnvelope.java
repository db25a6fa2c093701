package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every chat request passes before routing, whatever happens to it next: a JSON
 * object with a bounded {@code model}, a bounded {@code messages} array of objects with string
 * roles and bounded content arrays, and well-typed values for the few fields the gateway itself
 * reads ({@code stream}, output limits, {@code n}, {@code tools}).
 *
 * <p>It also refuses what every provider refuses, so that no such request costs an upstream call
 * or reaches an upstream at all: a {@code tool_choice} naming a tool that is not declared, a tool
 * schema that is not a JSON Schema object or refers to a remote {@code $ref}
 * ({@link ToolSchemas}), and image or file URLs whose scheme is not {@code https}, {@code http}
 * or {@code data}. Fields, blocks and parts it does not know are left alone: a same-protocol
 * upstream judges them itself, a translation checks them with {@link AnthropicRequestValidator}
 * or {@link OpenAiRequestValidator} because the translator must understand what it rewrites.
 */
public final class RequestEnvelope {

    /** Choices one OpenAI request may ask for (the OpenAI API's own bound). */
    public static final int MAX_N = 128;

    private static final Set<String> URL_SCHEMES = Set.of("https", "http", "data");

    private RequestEnvelope() {}

    public static void check(WireProtocol protocol, JsonNode body) {
        Checks.requireBody(body);
        Checks.model(body);
        JsonNode messages = Checks.messages(body);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode role = messages.get(i).get("role");
            String path = "messages[" + i + "].role";
            if (Json.absent(role)) {
                throw fail(path, "required");
            }
            if (!role.isTextual()) {
                throw fail(path, "must be a string, got " + Json.kind(role));
            }
            JsonNode content = messages.get(i).get("content");
            if (content != null && content.isArray() && content.size() > Checks.MAX_PARTS) {
                throw fail("messages[" + i + "].content", "must contain at most " + Checks.MAX_PARTS
                        + " parts, got " + content.size());
            }
        }
        Checks.optionalBoolean(body, "stream", "");
        Checks.optionalInt(body, "max_tokens", "", 1);
        if (protocol == WireProtocol.OPENAI) {
            Checks.optionalInt(body, "max_completion_tokens", "", 1);
            Checks.optionalObject(body, "stream_options", "");
            JsonNode n = Json.field(body, "n");
            if (n != null && (!Checks.isInt(n) || n.asInt() < 1 || n.asInt() > MAX_N)) {
                throw fail("n", "must be an integer between 1 and " + MAX_N);
            }
        }
        JsonNode tools = Json.field(body, "tools");
        if (tools != null) {
            if (!tools.isArray()) {
                throw fail("tools", "must be an array, got " + Json.kind(tools));
            }
            if (tools.size() > Checks.MAX_TOOLS) {
                throw fail("tools", "must contain at most " + Checks.MAX_TOOLS + " tools, got " + tools.size());
            }
            for (int i = 0; i < tools.size(); i++) {
                if (!tools.get(i).isObject()) {
                    throw fail("tools[" + i + "]", "must be an object, got " + Json.kind(tools.get(i)));
                }
            }
        }
        if (protocol == WireProtocol.OPENAI) {
            openAiTools(body);
            for (int i = 0; i < messages.size(); i++) {
                openAiUrls(messages.get(i).get("content"), "messages[" + i + "].content");
            }
        } else {
            anthropicTools(body);
            for (int i = 0; i < messages.size(); i++) {
                anthropicUrls(messages.get(i).get("content"), "messages[" + i + "].content");
            }
        }
    }

    // ---- tools and tool_choice ----

    private static void openAiTools(JsonNode body) {
        Set<String> declared = new HashSet<>();
        JsonNode tools = Json.field(body, "tools");
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String type = Json.text(tool, "type");
                JsonNode definition = type == null ? null : Json.field(tool, type);
                if (definition == null || !definition.isObject()) {
                    continue; // its shape is the validator's or the upstream's business
                }
                String name = Json.text(definition, "name");
                if (name != null) {
                    declared.add(name);
                }
                JsonNode parameters = Json.field(definition, "parameters");
                if ("function".equals(type) && parameters != null) {
                    ToolSchemas.check(parameters, "tools[" + i + "].function.parameters");
                }
            }
        }
        JsonNode functions = Json.field(body, "functions");
        if (functions != null && functions.isArray()) {
            if (functions.size() > Checks.MAX_TOOLS) {
                throw fail("functions", "must contain at most " + Checks.MAX_TOOLS + " functions, got " + functions.size());
            }
            for (int i = 0; i < functions.size(); i++) {
                String name = Json.text(functions.get(i), "name");
                if (name != null) {
                    declared.add(name);
                }
                JsonNode parameters = Json.field(functions.get(i), "parameters");
                if (parameters != null) {
                    ToolSchemas.check(parameters, "functions[" + i + "].parameters");
                }
            }
        }
        JsonNode choice = Json.field(body, "tool_choice");
        if (choice != null && choice.isTextual() && choice.asText().equals("required") && declared.isEmpty()) {
            throw fail("tool_choice", "is \"required\" but no tools are declared");
        }
        if (choice != null && choice.isObject()) {
            String type = Json.text(choice, "type");
            if ("function".equals(type) || "custom".equals(type)) {
                declaredName(Json.text(Json.field(choice, type), "name"), declared, "tool_choice." + type + ".name");
            } else if ("allowed_tools".equals(type)) {
                JsonNode allowed = Json.field(Json.field(choice, "allowed_tools"), "tools");
                if (allowed != null && allowed.isArray()) {
                    for (int i = 0; i < allowed.size(); i++) {
                        String kind = Json.text(allowed.get(i), "type");
                        if (kind != null && Json.field(allowed.get(i), kind) != null) {
                            declaredName(Json.text(Json.field(allowed.get(i), kind), "name"), declared,
                                    "tool_choice.allowed_tools.tools[" + i + "]." + kind + ".name");
                        }
                    }
                }
            }
        }
        JsonNode call = Json.field(body, "function_call");
        if (call != null && call.isObject()) {
            declaredName(Json.text(call, "name"), declared, "function_call.name");
        }
    }

    private static void anthropicTools(JsonNode body) {
        Set<String> declared = new HashSet<>();
        boolean undeclaredSources = Json.field(body, "mcp_servers") != null; // MCP tools are named by the server
        JsonNode tools = Json.field(body, "tools");
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String type = Json.text(tool, "type");
                String name = Json.text(tool, "name");
                if (name != null) {
                    declared.add(name);
                }
                if (type != null && type.startsWith("mcp")) {
                    undeclaredSources = true;
                }
                JsonNode schema = Json.field(tool, "input_schema");
                if (type == null || type.equals("custom")) {
                    if (schema == null) {
                        throw fail("tools[" + i + "].input_schema", "required");
                    }
                    ToolSchemas.check(schema, "tools[" + i + "].input_schema");
                }
            }
        }
        JsonNode choice = Json.field(body, "tool_choice");
        if (choice != null && choice.isObject() && "tool".equals(Json.text(choice, "type")) && !undeclaredSources) {
            declaredName(Json.text(choice, "name"), declared, "tool_choice.name");
        }
    }

    private static void declaredName(String name, Set<String> declared, String path) {
        if (name != null && !declared.contains(name)) {
            throw fail(path, "names " + Json.quote(name) + ", which is not among the declared tools");
        }
    }

    // ---- URLs the upstream would fetch ----

    private static void openAiUrls(JsonNode content, String path) {
        if (content == null || !content.isArray()) {
            return;
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = Json.text(part, "type");
            String at = path + "[" + j + "]";
            if ("image_url".equals(type)) {
                JsonNode image = Json.field(part, "image_url");
                String url = image == null ? null : image.isTextual() ? image.asText() : Json.text(image, "url");
                if (url != null) {
                    url(url, at + ".image_url.url");
                }
            } else if ("file".equals(type)) {
                JsonNode file = Json.field(part, "file");
                String url = Json.text(file, "file_url");
                if (url != null) {
                    url(url, at + ".file.file_url");
                }
                String data = Json.text(file, "file_data");
                if (data != null && scheme(data) != null) { // plain base64 has no scheme; a data: URL does
                    url(data, at + ".file.file_data");
                }
            }
        }
    }

    /** Blocks with a {@code source} of type {@code url}, also inside tool results and documents. */
    private static void anthropicUrls(JsonNode content, String path) {
        if (content == null || !content.isArray()) {
            return;
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String at = path + "[" + j + "]";
            JsonNode source = Json.field(block, "source");
            if (source != null && source.isObject()) {
                if ("url".equals(Json.text(source, "type"))) {
                    String url = Json.text(source, "url");
                    if (url != null) {
                        url(url, at + ".source.url");
                    }
                }
                anthropicUrls(Json.field(source, "content"), at + ".source.content");
            }
            JsonNode nested = Json.field(block, "content");
            if (nested != null && nested.isArray()) {
                if (nested.size() > Checks.MAX_PARTS) {
                    throw fail(at + ".content", "must contain at most " + Checks.MAX_PARTS + " blocks, got " + nested.size());
                }
                anthropicUrls(nested, at + ".content");
            }
        }
    }

    private static void url(String url, String path) {
        String scheme = scheme(url);
        if (scheme == null) {
            throw fail(path, "must be an absolute https, http or data URL");
        }
        if (!URL_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw fail(path, "URL scheme " + Json.quote(scheme) + " is not accepted (use https, http or data)");
        }
    }

    /** The scheme of an absolute URL (RFC 3986: a letter, then letters, digits, + - .), or null. */
    static String scheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0 || colon > 32) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = url.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!(letter || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
                return null;
            }
        }
        return url.substring(0, colon);
    }
}
