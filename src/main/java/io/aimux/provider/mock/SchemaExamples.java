package io.aimux.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds a deterministic example value that is valid for a JSON Schema, as a model filling in
 * tool arguments would. Rules, in order of precedence:
 *
 * <ul>
 *   <li>{@code const}, then {@code default}, then the first {@code enum} value are used as given;
 *   <li>{@code $ref} to {@code #/$defs/X} or {@code #/definitions/X} is resolved against the root;
 *   <li>{@code anyOf} / {@code oneOf} use their first non-null branch, {@code allOf} merges its
 *       branches;
 *   <li>{@code type} (or the first non-null entry of a type array; guessed from
 *       {@code properties} / {@code items} when missing): strings are {@code "example"} (or a
 *       value matching a common {@code format}), integers {@code 1}, numbers {@code 1.5}, both
 *       clamped to {@code minimum} / {@code maximum}, booleans {@code true}, arrays hold one item
 *       (or {@code minItems} items), objects hold every property, required ones included.
 * </ul>
 */
public final class SchemaExamples {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;
    /** Values one example may hold: local $refs reused at every level would otherwise multiply without end. */
    static final int MAX_VALUES = 4096;
    /** Items generated for one array, whatever its minItems says. */
    static final int MAX_ITEMS = 64;
    /** Characters of one generated string, whatever its minLength says. */
    static final int MAX_STRING = 256;

    /** What is left of an example's {@link #MAX_VALUES}. */
    private static final class Budget {
        private int left = MAX_VALUES;

        boolean spend() {
            return --left >= 0;
        }
    }

    private SchemaExamples() {}

    /**
     * An example object for a tool's {@code parameters} schema. Always an object: a missing or
     * non-object schema gives {@code {}}.
     */
    public static ObjectNode arguments(JsonNode parametersSchema) {
        if (parametersSchema == null || !parametersSchema.isObject()) {
            return F.objectNode();
        }
        JsonNode value = example(parametersSchema);
        return value instanceof ObjectNode object ? object : F.objectNode();
    }

    /** An example value valid for {@code schema}. */
    public static JsonNode example(JsonNode schema) {
        return generate(schema, schema, 0, new Budget());
    }

    private static JsonNode generate(JsonNode schema, JsonNode root, int depth, Budget budget) {
        if (!budget.spend()) {
            return F.nullNode();
        }
        if (schema == null || !schema.isObject()) {
            // "true" schema or garbage: anything goes
            return F.textNode("example");
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.has("default")) {
            return schema.get("default").deepCopy();
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0).deepCopy();
        }
        if (depth > MAX_DEPTH) {
            return guessType(schema).equals("object") ? F.objectNode() : F.nullNode();
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual()) {
            JsonNode target = resolve(root, ref.asText());
            if (target != null) {
                return generate(target, root, depth + 1, budget);
            }
        }
        for (String combinator : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                JsonNode chosen = branches.get(0);
                for (JsonNode branch : branches) {
                    if (!"null".equals(branch.path("type").asText())) {
                        chosen = branch;
                        break;
                    }
                }
                return generate(chosen, root, depth + 1, budget);
            }
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
            ObjectNode merged = F.objectNode();
            JsonNode last = null;
            for (JsonNode branch : allOf) {
                last = generate(branch, root, depth + 1, budget);
                if (last instanceof ObjectNode object) {
                    merged.setAll(object);
                }
            }
            if (schema.has("properties")) {
                JsonNode own = generateObject(schema, root, depth, budget);
                merged.setAll((ObjectNode) own);
            }
            return merged.isEmpty() && last != null && !last.isObject() ? last : merged;
        }
        return switch (guessType(schema)) {
            case "object" -> generateObject(schema, root, depth, budget);
            case "array" -> generateArray(schema, root, depth, budget);
            case "integer" -> {
                long value = clampInteger(schema);
                yield value == (int) value ? F.numberNode((int) value) : F.numberNode(value);
            }
            case "number" -> F.numberNode(clampNumber(schema));
            case "boolean" -> F.booleanNode(true);
            case "null" -> F.nullNode();
            default -> F.textNode(exampleString(schema));
        };
    }

    private static String guessType(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties") || schema.has("required")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private static JsonNode generateObject(JsonNode schema, JsonNode root, int depth, Budget budget) {
        ObjectNode object = F.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), generate(field.getValue(), root, depth + 1, budget));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode name : required) {
                if (name.isTextual() && !object.has(name.asText())) {
                    object.put(name.asText(), "example");
                }
            }
        }
        return object;
    }

    private static JsonNode generateArray(JsonNode schema, JsonNode root, int depth, Budget budget) {
        ArrayNode array = F.arrayNode();
        JsonNode items = schema.get("items");
        JsonNode prefixItems = schema.get("prefixItems");
        int count = Math.min(MAX_ITEMS, Math.max(1, schema.path("minItems").asInt(1)));
        if (schema.has("maxItems")) {
            count = Math.min(count, schema.get("maxItems").asInt());
        }
        for (int i = 0; i < count; i++) {
            JsonNode itemSchema;
            if (prefixItems != null && prefixItems.isArray() && i < prefixItems.size()) {
                itemSchema = prefixItems.get(i);
            } else if (items != null && items.isArray()) {
                itemSchema = i < items.size() ? items.get(i) : null;
            } else {
                itemSchema = items;
            }
            array.add(generate(itemSchema, root, depth + 1, budget));
        }
        return array;
    }

    private static long clampInteger(JsonNode schema) {
        long value = 1;
        if (schema.has("minimum")) {
            value = Math.max(value, (long) Math.ceil(schema.get("minimum").asDouble()));
        }
        if (schema.path("exclusiveMinimum").isNumber()) {
            value = Math.max(value, (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1);
        }
        if (schema.has("maximum")) {
            value = Math.min(value, (long) Math.floor(schema.get("maximum").asDouble()));
        }
        if (schema.path("exclusiveMaximum").isNumber()) {
            value = Math.min(value, (long) Math.ceil(schema.get("exclusiveMaximum").asDouble()) - 1);
        }
        return value;
    }

    private static double clampNumber(JsonNode schema) {
        double value = 1.5;
        if (schema.has("minimum")) {
            value = Math.max(value, schema.get("minimum").asDouble());
        }
        if (schema.path("exclusiveMinimum").isNumber()) {
            double min = schema.get("exclusiveMinimum").asDouble();
            if (value <= min) {
                value = min + 0.5;
            }
        }
        if (schema.has("maximum")) {
            value = Math.min(value, schema.get("maximum").asDouble());
        }
        if (schema.path("exclusiveMaximum").isNumber()) {
            double max = schema.get("exclusiveMaximum").asDouble();
            if (value >= max) {
                value = max - 0.5;
            }
        }
        return value;
    }

    private static String exampleString(JsonNode schema) {
        String value = switch (schema.path("format").asText("")) {
            case "date-time" -> "2026-01-01T12:00:00Z";
            case "date" -> "2026-01-01";
            case "time" -> "12:00:00";
            case "email" -> "user@example.com";
            case "uri", "url", "iri" -> "https://example.com";
            case "hostname" -> "example.com";
            case "uuid" -> "123e4567-e89b-12d3-a456-426614174000";
            case "ipv4" -> "192.0.2.1";
            case "ipv6" -> "2001:db8::1";
            default -> "example";
        };
        int min = Math.min(MAX_STRING, schema.path("minLength").asInt(0));
        if (value.length() < min) {
            value = value + "x".repeat(min - value.length());
        }
        if (schema.has("maxLength")) {
            int max = Math.max(0, schema.get("maxLength").asInt());
            if (value.length() > max) {
                value = value.substring(0, max);
            }
        }
        return value;
    }

    private static JsonNode resolve(JsonNode root, String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }
}
