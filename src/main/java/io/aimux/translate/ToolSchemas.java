package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a tool's {@code parameters} / {@code input_schema} is a JSON Schema object every
 * provider would accept: an object whose top-level {@code type}, if given, is {@code object};
 * known {@code type} names throughout; objects where the schema keywords want objects; and only
 * local {@code $ref}s ({@code #...}), because a remote reference would make whoever resolves the
 * schema fetch an address the client chose. Keywords it does not know are left alone.
 */
final class ToolSchemas {

    private static final String TYPE_NAMES = "object, array, string, number, integer, boolean, null";
    static final Set<String> TYPES = Set.of(TYPE_NAMES.split(", "));
    /** Keywords whose value is one schema. */
    private static final Set<String> ONE_SCHEMA = Set.of("additionalProperties", "additionalItems",
            "unevaluatedProperties", "unevaluatedItems", "not", "if", "then", "else", "contains", "propertyNames");
    /** Keywords whose value is an array of schemas. */
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
    /** Keywords whose value maps names to schemas. */
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    private static final Set<String> REFS = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private ToolSchemas() {}

    /** {@code path} names the schema, e.g. {@code tools[0].function.parameters}. */
    static void check(JsonNode schema, String path) {
        if (!schema.isObject()) {
            throw fail(path, "must be a JSON Schema object, got " + Json.kind(schema));
        }
        JsonNode type = schema.get("type");
        if (type != null && !(type.isTextual() && type.asText().equals("object"))) {
            throw fail(path + ".type", "must be \"object\": tool parameters are an object of named arguments");
        }
        walk(schema, path);
    }

    private static void walk(JsonNode schema, String path) {
        if (schema.isBoolean()) {
            return; // true / false are schemas too
        }
        if (!schema.isObject()) {
            throw fail(path, "must be a JSON Schema (an object), got " + Json.kind(schema));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + keyword;
            if (keyword.equals("type")) {
                type(value, at);
            } else if (REFS.contains(keyword)) {
                if (!value.isTextual()) {
                    throw fail(at, "must be a string, got " + Json.kind(value));
                }
                if (!value.asText().startsWith("#")) {
                    throw fail(at, "must be a local reference starting with '#'; remote references are not accepted");
                }
            } else if (SCHEMA_MAPS.contains(keyword)) {
                if (!value.isObject()) {
                    throw fail(at, "must be an object of schemas, got " + Json.kind(value));
                }
                for (Iterator<Map.Entry<String, JsonNode>> named = value.fields(); named.hasNext();) {
                    Map.Entry<String, JsonNode> entry = named.next();
                    walk(entry.getValue(), at + "[" + Json.quote(entry.getKey()) + "]");
                }
            } else if (ONE_SCHEMA.contains(keyword)) {
                walk(value, at);
            } else if (SCHEMA_LISTS.contains(keyword)) {
                list(value, at);
            } else if (keyword.equals("items")) {
                if (value.isArray()) {
                    list(value, at); // draft 4 tuple form
                } else {
                    walk(value, at);
                }
            } else if (keyword.equals("required") && !value.isBoolean()) {
                if (!value.isArray()) {
                    throw fail(at, "must be an array of property names, got " + Json.kind(value));
                }
                Checks.stringItems(value, at);
            } else if (keyword.equals("enum") && !value.isArray()) {
                throw fail(at, "must be an array, got " + Json.kind(value));
            }
        }
    }

    private static void list(JsonNode value, String at) {
        if (!value.isArray()) {
            throw fail(at, "must be an array of schemas, got " + Json.kind(value));
        }
        for (int i = 0; i < value.size(); i++) {
            walk(value.get(i), at + "[" + i + "]");
        }
    }

    private static void type(JsonNode value, String at) {
        if (value.isTextual()) {
            if (!TYPES.contains(value.asText())) {
                throw fail(at, "unknown type " + Json.quote(value.asText()) + " (expected one of " + TYPE_NAMES + ")");
            }
            return;
        }
        if (value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    throw fail(at + "[" + i + "]", "must be a type name, got " + Json.kind(value.get(i)));
                }
                type(value.get(i), at + "[" + i + "]");
            }
            return;
        }
        throw fail(at, "must be a type name or a non-empty array of type names, got " + Json.kind(value));
    }
}
