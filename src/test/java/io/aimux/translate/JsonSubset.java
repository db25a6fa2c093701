package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * The request-case comparison of the conformance corpus: objects as recursive subsets, arrays of
 * equal length, numbers numerically, {@code arguments} strings as parsed JSON, and a string
 * matching an array of text parts by their concatenation.
 */
final class JsonSubset {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSubset() {}

    /** Null when {@code actual} satisfies {@code expected}, else where and why it does not. */
    static String mismatch(JsonNode expected, JsonNode actual) {
        return compare(expected, actual, "$", null);
    }

    private static String compare(JsonNode expected, JsonNode actual, String path, String key) {
        if (actual == null || actual.isMissingNode()) {
            return path + ": missing";
        }
        if ("arguments".equals(key) && expected.isTextual() && actual.isTextual()) {
            JsonNode e = parse(expected.asText());
            JsonNode a = parse(actual.asText());
            if (e != null && a != null) {
                return deepEqual(e, a) ? null : path + ": arguments " + a + " != " + e;
            }
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return path + ": expected an object, got " + actual;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String problem = compare(field.getValue(), actual.get(field.getKey()),
                        path + "." + field.getKey(), field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray()) {
                return path + ": expected an array, got " + actual;
            }
            if (expected.size() != actual.size()) {
                return path + ": expected " + expected.size() + " items, got " + actual.size() + ": " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String problem = compare(expected.get(i), actual.get(i), path + "[" + i + "]", null);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (expected.isTextual() && actual.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : actual) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    return path + ": expected a string, got a non-text array " + actual;
                }
                joined.append(part.get("text").asText());
            }
            return joined.toString().equals(expected.asText()) ? null
                    : path + ": expected " + expected + ", got text parts " + joined;
        }
        return scalarEqual(expected, actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static boolean scalarEqual(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    /** Full structural equality with numeric equality for numbers. */
    static boolean deepEqual(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !deepEqual(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!deepEqual(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
