package io.aimux.guard.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The guard over tool-call arguments, in the request's history and in answers. Arguments are
 * JSON: each string value is checked on its own, with its field name in front
 * ({@code password=…}) so credential assignments are recognised, and redactions rewrite the
 * value, never the JSON around it. Arguments that are not JSON are checked as plain text.
 */
public final class ToolArguments {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Deeper structures are left to the upstream's own limits; Jackson bounds nesting on parse. */
    private static final int MAX_DEPTH = 64;

    private ToolArguments() {
    }

    /** Checks a JSON-encoded argument string; returns it unchanged unless something was redacted. */
    public static GuardEngine.Result scanJson(String arguments, GuardEngine engine, GuardPolicy policy, GuardReport report) {
        if (arguments == null || arguments.isEmpty() || !policy.active(GuardStage.TOOL_CALL)) {
            return new GuardEngine.Result(arguments, null);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            tree = null;
        }
        if (tree == null || !(tree.isObject() || tree.isArray())) {
            return engine.scan(arguments, GuardStage.TOOL_CALL, policy, report);
        }
        Walk walk = new Walk(engine, policy, report);
        walk.node(tree, 0);
        if (walk.blocked != null) {
            return new GuardEngine.Result(arguments, walk.blocked);
        }
        if (!walk.changed) {
            return new GuardEngine.Result(arguments, null);
        }
        try {
            return new GuardEngine.Result(MAPPER.writeValueAsString(tree), null);
        } catch (JsonProcessingException e) {
            return new GuardEngine.Result(arguments, null);
        }
    }

    /** Checks a tool-call input object in place (Anthropic {@code tool_use.input}); returns the blocking pattern or null. */
    public static GuardPattern scanTree(JsonNode input, GuardEngine engine, GuardPolicy policy, GuardReport report) {
        if (input == null || !policy.active(GuardStage.TOOL_CALL)) {
            return null;
        }
        Walk walk = new Walk(engine, policy, report);
        walk.node(input, 0);
        return walk.blocked;
    }

    private static final class Walk {
        final GuardEngine engine;
        final GuardPolicy policy;
        final GuardReport report;
        GuardPattern blocked;
        boolean changed;

        Walk(GuardEngine engine, GuardPolicy policy, GuardReport report) {
            this.engine = engine;
            this.policy = policy;
            this.report = report;
        }

        void node(JsonNode node, int depth) {
            if (depth > MAX_DEPTH || blocked != null) {
                return;
            }
            if (node instanceof ObjectNode object) {
                Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                while (fields.hasNext() && blocked == null) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getValue().isTextual()) {
                        String value = field.getValue().asText();
                        String checked = field(field.getKey(), value);
                        if (checked != null && !checked.equals(value)) {
                            field.setValue(TextNode.valueOf(checked));
                            changed = true;
                        }
                    } else {
                        node(field.getValue(), depth + 1);
                    }
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size() && blocked == null; i++) {
                    JsonNode element = array.get(i);
                    if (element.isTextual()) {
                        GuardEngine.Result result = engine.scan(element.asText(), GuardStage.TOOL_CALL, policy, report);
                        if (result.blocked() != null) {
                            blocked = result.blocked();
                        } else if (!result.text().equals(element.asText())) {
                            array.set(i, TextNode.valueOf(result.text()));
                            changed = true;
                        }
                    } else {
                        node(element, depth + 1);
                    }
                }
            }
        }

        /** The value checked as {@code name=value}; a redaction reaching into the name replaces the whole value. */
        String field(String name, String value) {
            String prefix = name.length() > 64 ? "" : name + "=";
            GuardEngine.Result result = engine.scan(prefix + value, GuardStage.TOOL_CALL, policy, report);
            if (result.blocked() != null) {
                blocked = result.blocked();
                return null;
            }
            String text = result.text();
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
            int open = text.indexOf("[REDACTED:");
            return text.substring(open, text.indexOf(']', open) + 1);
        }
    }
}
