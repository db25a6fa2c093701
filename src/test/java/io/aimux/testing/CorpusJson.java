package io.aimux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON comparisons of the conformance corpus rules: deep equality with numeric equality
 * ({@code 3} equals {@code 3.0}) and the subset rules that request cases use for the captured
 * upstream body. Shared by every test that checks corpus expectations.
 */
public final class CorpusJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private CorpusJson() {
    }

    /** Parses JSON text, or returns null when it does not parse. */
    public static JsonNode parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** Deep equality: same keys, same array lengths, numbers equal as numbers, nothing else coerced. */
    public static boolean deepEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !deepEquals(e.getValue(), b.get(e.getKey()))) {
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
                if (!deepEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        return a.equals(b);
    }

    /**
     * Checks that {@code actual} contains {@code expected} by the request-case rules and returns a
     * description of the first difference, or null when it matches.
     */
    public static String subsetMismatch(JsonNode expected, JsonNode actual) {
        return subset(expected, actual, "$", null);
    }

    private static String subset(JsonNode expected, JsonNode actual, String path, String key) {
        if (actual == null || actual.isMissingNode()) {
            return path + ": missing, expected " + expected;
        }
        if (expected.isObject()) {
            if ("arguments".equals(key) && actual.isTextual()) {
                JsonNode parsed = parseOrNull(actual.asText());
                return parsed != null && deepEquals(expected, parsed) ? null
                        : path + ": arguments " + actual + " do not equal " + expected;
            }
            if (!actual.isObject()) {
                return path + ": expected an object, got " + actual;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String problem = subset(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey(), e.getKey());
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
            if (actual.size() != expected.size()) {
                return path + ": expected " + expected.size() + " items, got " + actual.size() + ": " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String problem = subset(expected.get(i), actual.get(i), path + "[" + i + "]", null);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (expected.isTextual()) {
            if (actual.isTextual()) {
                if ("arguments".equals(key)) {
                    JsonNode want = parseOrNull(expected.asText());
                    JsonNode got = parseOrNull(actual.asText());
                    if (want != null && got != null) {
                        return deepEquals(want, got) ? null
                                : path + ": arguments " + actual + " do not equal " + expected;
                    }
                }
                return expected.asText().equals(actual.asText()) ? null
                        : path + ": expected " + expected + ", got " + actual;
            }
            String joined = textPartsJoined(actual);
            if (joined != null) {
                return expected.asText().equals(joined) ? null
                        : path + ": expected " + expected + ", got text parts " + actual;
            }
            return path + ": expected " + expected + ", got " + actual;
        }
        if (expected.isNumber()) {
            return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null
                    : path + ": expected " + expected + ", got " + actual;
        }
        // booleans and null
        return expected.getNodeType() == actual.getNodeType() && expected.equals(actual) ? null
                : path + ": expected " + expected + ", got " + actual;
    }

    /** The concatenated text of an array made only of text parts, or null for anything else. */
    private static String textPartsJoined(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : node) {
            if (!part.isObject() || !"text".equals(part.path("type").asText(null)) || !part.path("text").isTextual()) {
                return null;
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }
}
