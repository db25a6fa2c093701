package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies Anthropic {@code context_management.edits} in the gateway, for upstreams that do not
 * implement them (every OpenAI-type one, Anthropic-compatible hosts): the edits are carried out
 * on the request's own history, then the field is removed. Semantics follow Anthropic's context
 * editing: {@code clear_tool_uses_20250919} replaces the oldest tool results with a placeholder
 * once the input passes a token trigger, keeping the most recent ones; {@code clear_thinking_20251015}
 * removes thinking blocks of all but the most recent assistant turns. Unknown edit types are
 * reported through {@code dropped} and skipped.
 */
public final class ContextEdits {

    /** What a cleared tool result says instead of its content. */
    public static final String CLEARED = "[tool result cleared by context management]";
    static final long DEFAULT_TRIGGER_TOKENS = 100_000;
    static final int DEFAULT_KEEP_TOOL_USES = 3;
    static final int DEFAULT_KEEP_THINKING_TURNS = 1;

    private ContextEdits() {}

    /** Carries out the edits of {@code body.context_management} on {@code body} and removes the field. */
    public static void apply(ObjectNode body, Consumer<String> dropped) {
        JsonNode management = body.remove("context_management");
        if (management == null || !management.isObject()) {
            return;
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return;
        }
        for (JsonNode edit : management.path("edits")) {
            String type = Json.text(edit, "type");
            if (type != null && type.startsWith("clear_tool_uses_")) {
                clearToolUses(body, (ArrayNode) messages, edit);
            } else if (type != null && type.startsWith("clear_thinking_")) {
                clearThinking((ArrayNode) messages, edit);
            } else {
                dropped.accept("context_management.edits[].type=" + type);
            }
        }
    }

    private static void clearToolUses(ObjectNode body, ArrayNode messages, JsonNode edit) {
        JsonNode trigger = edit.path("trigger");
        List<ObjectNode[]> uses = toolUses(messages); // [tool_use block, tool_result block] in order
        if ("tool_uses".equals(Json.text(trigger, "type"))) {
            if (uses.size() <= trigger.path("value").asLong(Long.MAX_VALUE)) {
                return;
            }
        } else if (TokenEstimate.anthropicRequest(body) <= trigger.path("value").asLong(DEFAULT_TRIGGER_TOKENS)) {
            return;
        }
        int keep = edit.path("keep").path("value").asInt(DEFAULT_KEEP_TOOL_USES);
        long atLeast = edit.path("clear_at_least").path("value").asLong(0);
        boolean inputs = edit.path("clear_tool_inputs").asBoolean(false);
        Set<String> excluded = new HashSet<>();
        edit.path("exclude_tools").forEach(name -> excluded.add(name.asText()));
        List<ObjectNode[]> candidates = new ArrayList<>();
        for (int i = 0; i < uses.size() - Math.max(0, keep); i++) {
            ObjectNode[] use = uses.get(i);
            if (!excluded.contains(Json.text(use[0], "name"))) {
                candidates.add(use);
            }
        }
        long cleared = 0;
        for (ObjectNode[] use : candidates) {
            if (use[1] != null && !CLEARED.equals(Json.text(use[1], "content"))) {
                cleared += TokenEstimate.content(use[1].get("content"));
            }
        }
        if (cleared < atLeast) {
            return; // Anthropic skips an edit that would not free enough to be worth a cache miss
        }
        for (ObjectNode[] use : candidates) {
            if (use[1] != null) {
                use[1].put("content", CLEARED);
            }
            if (inputs) {
                use[0].putObject("input");
            }
        }
    }

    /** Tool uses with their results, oldest first; the result is null while none came back. */
    private static List<ObjectNode[]> toolUses(ArrayNode messages) {
        List<ObjectNode[]> uses = new ArrayList<>();
        java.util.Map<String, ObjectNode[]> byId = new java.util.HashMap<>();
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                if (!block.isObject()) {
                    continue;
                }
                String type = Json.text(block, "type");
                if ("tool_use".equals(type)) {
                    ObjectNode[] use = {(ObjectNode) block, null};
                    uses.add(use);
                    byId.put(Json.text(block, "id"), use);
                } else if ("tool_result".equals(type)) {
                    ObjectNode[] use = byId.get(Json.text(block, "tool_use_id"));
                    if (use != null) {
                        use[1] = (ObjectNode) block;
                    }
                }
            }
        }
        return uses;
    }

    private static void clearThinking(ArrayNode messages, JsonNode edit) {
        JsonNode keep = edit.get("keep");
        if (keep != null && keep.isTextual() && keep.asText().equals("all")) {
            return;
        }
        int turns = keep == null ? DEFAULT_KEEP_THINKING_TURNS : keep.path("value").asInt(DEFAULT_KEEP_THINKING_TURNS);
        int seen = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            JsonNode content = message.get("content");
            if (!"assistant".equals(Json.text(message, "role")) || content == null || !content.isArray()) {
                continue;
            }
            boolean hasThinking = false;
            for (JsonNode block : content) {
                String type = Json.text(block, "type");
                hasThinking |= "thinking".equals(type) || "redacted_thinking".equals(type);
            }
            if (!hasThinking) {
                continue;
            }
            if (seen++ < turns) {
                continue;
            }
            ArrayNode kept = Json.array();
            for (JsonNode block : content) {
                String type = Json.text(block, "type");
                if (!"thinking".equals(type) && !"redacted_thinking".equals(type)) {
                    kept.add(block);
                }
            }
            if (!kept.isEmpty()) { // a turn of thinking only keeps it: an empty turn would be refused
                ((ObjectNode) message).set("content", kept);
            }
        }
    }
}
