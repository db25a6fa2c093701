package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Call objects written as JSON: {@code {"name": N, "arguments": {...}}} (or {@code "parameters"}),
 * as used by hermes, mistral, llama and fenced-json.
 */
final class CallObjects {

    /** Members a call object may have in strict mode (where ordinary JSON answers must not match). */
    static final Set<String> STRICT_KEYS = Set.of("name", "arguments", "parameters", "id", "type");

    private CallObjects() {}

    /**
     * @param strict       only the members in {@link #STRICT_KEYS}; {@code type} must be "function"
     * @param argsOptional a missing or null argument member means {@code {}}
     * @return the call, or null when {@code node} is not a call of a declared tool
     */
    static TextPiece.Call toCall(JsonNode node, boolean strict, boolean argsOptional, String dialect,
                                 MatchContext ctx) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || !ctx.isDeclared(name.textValue())) {
            return null;
        }
        if (strict) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                if (!STRICT_KEYS.contains(it.next())) {
                    return null;
                }
            }
            JsonNode type = node.get("type");
            if (type != null && !"function".equals(type.asText(null))) {
                return null;
            }
            if (node.has("arguments") && node.has("parameters")) {
                return null;
            }
        }
        JsonNode args = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        JsonNode obj;
        if (args == null || args.isNull()) {
            if (!argsOptional) {
                return null;
            }
            obj = Json.MAPPER.createObjectNode();
        } else {
            obj = argumentsObject(args);
            if (obj == null) {
                return null;
            }
        }
        JsonNode id = node.get("id");
        String callId = id != null && id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : null;
        return new TextPiece.Call(callId, name.textValue(), Json.write(obj), dialect);
    }

    /** An argument object, or a string holding one (decoded). Null otherwise. */
    static JsonNode argumentsObject(JsonNode args) {
        if (args.isObject()) {
            return args;
        }
        if (args.isTextual()) {
            String t = args.textValue();
            if (Scan.trim(t).isEmpty()) {
                return Json.MAPPER.createObjectNode();
            }
            return Json.parseObject(t);
        }
        return null;
    }

    /** One call object, or a non-empty array of them. Null unless every element is a declared call. */
    static List<TextPiece> toCalls(JsonNode node, boolean strict, boolean argsOptional, String dialect,
                                   MatchContext ctx) {
        List<TextPiece> calls = new ArrayList<>();
        if (node != null && node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            for (JsonNode el : node) {
                TextPiece.Call c = toCall(el, strict, argsOptional, dialect, ctx);
                if (c == null) {
                    return null;
                }
                calls.add(c);
            }
            return calls;
        }
        TextPiece.Call c = toCall(node, strict, argsOptional, dialect, ctx);
        if (c == null) {
            return null;
        }
        calls.add(c);
        return calls;
    }

    /**
     * Early verdict on a partially scanned outermost object: false when it can no longer become a
     * call of a declared tool.
     */
    static boolean plausible(JsonScan.TopLevel top, boolean strict, MatchContext ctx) {
        if (top.nonObjectElement || top.nameNotString) {
            return false;
        }
        if (strict) {
            for (String k : top.keys) {
                if (!STRICT_KEYS.contains(k)) {
                    return false;
                }
            }
        }
        if (top.name != null) {
            return top.nameComplete ? ctx.isDeclared(top.name) : ctx.isDeclaredPrefix(top.name);
        }
        return true;
    }

    /** True once the outermost "name" is known to be declared. */
    static boolean nameConfirmed(JsonScan.TopLevel top, MatchContext ctx) {
        return top.name != null && top.nameComplete && ctx.isDeclared(top.name);
    }

    static ObjectNode newObject() {
        return Json.MAPPER.createObjectNode();
    }
}
