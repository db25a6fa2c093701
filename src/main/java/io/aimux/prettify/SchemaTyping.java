package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.aimux.chat.ToolSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Types the raw text of an XML-style argument by the JSON Schema of the declared parameter:
 * strings stay raw, numbers, booleans, objects and arrays are parsed, anything that does not fit
 * (or a parameter the schema does not list) stays the raw text.
 */
final class SchemaTyping {

    private SchemaTyping() {}

    static JsonNode typed(String raw, ToolSpec tool, String key) {
        List<String> types = typesOf(tool, key);
        if (types.isEmpty()) {
            return TextNode.valueOf(raw);
        }
        String t = Scan.trim(raw);
        for (String type : types) {
            switch (type) {
                case "string" -> {
                    return TextNode.valueOf(raw);
                }
                case "integer", "number" -> {
                    if (!t.isEmpty() && (t.charAt(0) == '-' || Character.isDigit(t.charAt(0)))) {
                        JsonNode n = Json.parse(t);
                        if (n != null && n.isNumber()) {
                            return n;
                        }
                    }
                }
                case "boolean" -> {
                    if (t.equalsIgnoreCase("true")) {
                        return BooleanNode.TRUE;
                    }
                    if (t.equalsIgnoreCase("false")) {
                        return BooleanNode.FALSE;
                    }
                }
                case "object", "array" -> {
                    JsonNode n = Json.parse(t);
                    if (n != null && (type.equals("object") ? n.isObject() : n.isArray())) {
                        return n;
                    }
                }
                case "null" -> {
                    if (t.equals("null")) {
                        return NullNode.getInstance();
                    }
                }
                default -> {
                    // unknown type name: try the next one
                }
            }
        }
        return TextNode.valueOf(raw);
    }

    /** The declared type names of a parameter, in schema order; empty when untyped or unknown. */
    static List<String> typesOf(ToolSpec tool, String key) {
        List<String> out = new ArrayList<>();
        if (tool == null || tool.parameters() == null) {
            return out;
        }
        JsonNode prop = tool.parameters().path("properties").path(key);
        if (!prop.isObject()) {
            return out;
        }
        collect(prop, out);
        if (out.isEmpty()) {
            for (String alt : new String[] {"anyOf", "oneOf"}) {
                JsonNode arr = prop.path(alt);
                if (arr.isArray()) {
                    for (JsonNode a : arr) {
                        collect(a, out);
                    }
                }
            }
        }
        return out;
    }

    private static void collect(JsonNode schema, List<String> out) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            out.add(type.textValue());
        } else if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.isTextual()) {
                    out.add(t.textValue());
                }
            }
        }
    }
}
