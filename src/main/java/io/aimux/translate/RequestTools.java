package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/** The tools a client declared, in protocol-neutral form. Tolerates malformed entries by skipping them. */
public final class RequestTools {

    private RequestTools() {}

    /** OpenAI {@code tools[].function {name, parameters}}, plus legacy {@code functions[]}. */
    public static List<ToolSpec> fromOpenAi(JsonNode body) {
        List<ToolSpec> specs = new ArrayList<>();
        JsonNode tools = Json.field(body, "tools");
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                JsonNode function = Json.field(tool, "function");
                if (function != null && function.isObject() && "function".equals(Json.text(tool, "type"))) {
                    add(specs, Json.text(function, "name"), Json.field(function, "parameters"));
                }
            }
        }
        JsonNode functions = Json.field(body, "functions");
        if (functions != null && functions.isArray()) {
            for (JsonNode function : functions) {
                add(specs, Json.text(function, "name"), Json.field(function, "parameters"));
            }
        }
        return List.copyOf(specs);
    }

    /** Anthropic {@code tools[] {name, input_schema}}; server tools (no input_schema) are skipped. */
    public static List<ToolSpec> fromAnthropic(JsonNode body) {
        List<ToolSpec> specs = new ArrayList<>();
        JsonNode tools = Json.field(body, "tools");
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                JsonNode schema = Json.field(tool, "input_schema");
                if (schema != null) {
                    add(specs, Json.text(tool, "name"), schema);
                }
            }
        }
        return List.copyOf(specs);
    }

    private static void add(List<ToolSpec> specs, String name, JsonNode parameters) {
        if (name != null && !name.isEmpty()) {
            specs.add(new ToolSpec(name, parameters));
        }
    }
}
