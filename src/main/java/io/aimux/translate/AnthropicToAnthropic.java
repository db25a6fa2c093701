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
 * Fits an Anthropic Messages request to an Anthropic-type upstream that lacks some current
 * features (docs/compatibility.md). Only what the upstream's {@link UpstreamFeatures} say it
 * cannot take is rewritten; everything else, unknown fields included, is relayed as it is.
 */
public final class AnthropicToAnthropic {

    /** Beta-name prefixes of features the gateway carries out itself when the upstream cannot. */
    public static final String CONTEXT_MANAGEMENT_BETA = "context-management-";
    public static final List<String> TOOL_SEARCH_BETAS = List.of("advanced-tool-use-", "tool-search-");
    public static final String SYSTEM_MESSAGES_BETA = "mid-conversation-system-";
    public static final String EFFORT_BETA = "effort-";

    private AnthropicToAnthropic() {}

    /** Rewrites {@code body} in place for the upstream; {@code dropped} hears of edits it could not carry out. */
    public static void adapt(ObjectNode body, UpstreamFeatures features, Consumer<String> dropped) {
        if (!features.contextManagement() && body.has("context_management")) {
            ContextEdits.apply(body, dropped);
        }
        if (!features.systemMessages()) {
            foldSystemMessages(body);
        }
        if (!features.toolSearch()) {
            undeferTools(body);
        }
        if (!features.forwardUserId()) {
            removeUserId(body);
            removeBillingBlock(body);
        }
        if (features.thinking() != null) {
            thinking(body, features.thinking());
        }
    }

    /**
     * Moves each {@code system} message of {@code messages} into the user turn before it (where
     * Anthropic requires one) as a trailing text block, or, if none precedes it, into the user
     * turn after it as a leading block, so the instruction keeps its place in the conversation on
     * hosts that take only user and assistant turns. With no user turn at all it joins {@code system}.
     */
    static void foldSystemMessages(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return;
        }
        ArrayNode kept = Json.array();
        List<JsonNode> leading = new ArrayList<>(); // system messages seen before any user turn
        ObjectNode lastUser = null;
        for (JsonNode message : messages) {
            String role = Json.text(message, "role");
            if ("system".equals(role)) {
                if (lastUser != null) {
                    blocks(lastUser).add(Json.textBlock(systemText(message)));
                } else {
                    leading.add(message);
                }
                continue;
            }
            if ("user".equals(role)) {
                lastUser = ((ObjectNode) message).deepCopy();
                if (!leading.isEmpty()) {
                    ArrayNode blocks = blocks(lastUser);
                    for (int i = leading.size() - 1; i >= 0; i--) {
                        blocks.insert(0, Json.textBlock(systemText(leading.get(i))));
                    }
                    leading.clear();
                }
                kept.add(lastUser);
                continue;
            }
            kept.add(message);
        }
        for (JsonNode system : leading) {
            appendSystem(body, systemText(system));
        }
        body.set("messages", kept);
    }

    /** The instruction as the model should see it inside a user turn. */
    static String systemText(JsonNode message) {
        JsonNode content = message.get("content");
        StringBuilder text = new StringBuilder();
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null) {
            for (JsonNode block : content) {
                String t = Json.text(block, "text");
                if (t != null) {
                    text.append(text.length() > 0 ? "\n\n" : "").append(t);
                }
            }
        }
        return "<system-reminder>\n" + text + "\n</system-reminder>";
    }

    /** The content of a message as a block array, converting a string content in place. */
    private static ArrayNode blocks(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content != null && content.isArray()) {
            return (ArrayNode) content;
        }
        ArrayNode blocks = Json.array();
        if (content != null && content.isTextual()) {
            blocks.add(Json.textBlock(content.asText()));
        }
        message.set("content", blocks);
        return blocks;
    }

    private static void appendSystem(ObjectNode body, String text) {
        JsonNode system = body.get("system");
        if (system == null || system.isNull()) {
            body.put("system", text);
        } else if (system.isTextual()) {
            body.put("system", system.asText() + "\n\n" + text);
        } else if (system.isArray()) {
            ((ArrayNode) system).add(Json.textBlock(text));
        }
    }

    /**
     * Emulates tool search: a deferred tool ({@code defer_loading}) is offered only once a
     * {@code tool_reference} in the conversation loaded it (the client's own search tool returns
     * those), and then without the flag; {@code tool_reference} blocks become text; the
     * tool-search server tools are left out. Returns whether anything changed.
     */
    static boolean undeferTools(ObjectNode body) {
        boolean changed = false;
        Set<String> loaded = referencedTools(body);
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            ArrayNode kept = Json.array();
            for (JsonNode tool : tools) {
                if (isToolSearchTool(tool) || (isDeferred(tool) && !loaded.contains(Json.text(tool, "name")))) {
                    changed = true;
                } else if (isDeferred(tool)) {
                    ObjectNode copy = ((ObjectNode) tool).deepCopy();
                    copy.remove("defer_loading");
                    kept.add(copy);
                    changed = true;
                } else {
                    kept.add(tool);
                }
            }
            if (changed) {
                body.set("tools", kept);
            }
        }
        for (JsonNode message : body.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("tool_result".equals(Json.text(block, "type")) && block.path("content").isArray()) {
                    ArrayNode content = (ArrayNode) block.get("content");
                    for (int i = 0; i < content.size(); i++) {
                        if ("tool_reference".equals(Json.text(content.get(i), "type"))) {
                            content.set(i, Json.textBlock(toolReferenceText(content.get(i))));
                            changed = true;
                        }
                    }
                }
            }
        }
        return changed;
    }

    static boolean isDeferred(JsonNode tool) {
        return tool.path("defer_loading").asBoolean(false);
    }

    /** Names of the tools that {@code tool_reference} blocks of the conversation loaded. */
    static Set<String> referencedTools(JsonNode body) {
        Set<String> names = new HashSet<>();
        for (JsonNode message : body.path("messages")) {
            for (JsonNode block : message.path("content")) {
                for (JsonNode inner : block.path("content")) {
                    if ("tool_reference".equals(Json.text(inner, "type")) && Json.text(inner, "tool_name") != null) {
                        names.add(Json.text(inner, "tool_name"));
                    }
                }
            }
        }
        return names;
    }

    /** Tool search's own server tools ({@code tool_search_tool_regex_20251119}, …). */
    static boolean isToolSearchTool(JsonNode tool) {
        String type = Json.text(tool, "type");
        return type != null && type.startsWith("tool_search_tool");
    }

    /** What a loaded-tool reference says to a model that gets loaded tools as ordinary ones. */
    static String toolReferenceText(JsonNode reference) {
        return "Tool " + Json.text(reference, "tool_name") + " is loaded and can be called now.";
    }

    /** Claude Code's first system block: client version and a per-request hash, meant for Anthropic only. */
    static final String BILLING_BLOCK_PREFIX = "x-anthropic-billing-header:";

    static boolean isBillingBlock(JsonNode block) {
        String text = Json.text(block, "text");
        return text != null && text.startsWith(BILLING_BLOCK_PREFIX);
    }

    /** Drops the billing block: it identifies the client and, changing per request, defeats prefix caching. */
    private static void removeBillingBlock(ObjectNode body) {
        JsonNode system = body.get("system");
        if (system == null || !system.isArray()) {
            return;
        }
        ArrayNode kept = Json.array();
        system.forEach(block -> {
            if (!isBillingBlock(block)) {
                kept.add(block);
            }
        });
        if (kept.size() != system.size()) {
            body.set("system", kept);
        }
    }

    private static void removeUserId(ObjectNode body) {
        removeNested(body, "metadata", "user_id");
    }

    /** Removes {@code parent.field} without touching the client's object; an emptied parent goes too. */
    private static boolean removeNested(ObjectNode body, String parent, String field) {
        JsonNode holder = body.get(parent);
        if (holder == null || !holder.isObject() || !holder.has(field)) {
            return false;
        }
        ObjectNode copy = ((ObjectNode) holder).deepCopy();
        copy.remove(field);
        if (copy.isEmpty()) {
            body.remove(parent);
        } else {
            body.set(parent, copy);
        }
        return true;
    }

    /**
     * Rewrites thinking into the form the model accepts: {@code budget} (type enabled with a
     * budget from the effort), {@code adaptive} (with the effort derived from a budget) or
     * {@code none}. Returns whether {@code output_config.effort} was removed.
     */
    static boolean thinking(ObjectNode body, String form) {
        JsonNode thinking = body.get("thinking");
        String type = Json.text(thinking, "type");
        if (thinking == null || "disabled".equals(type)) {
            return false;
        }
        String effort = Reasoning.anthropicEffort(body);
        switch (form) {
            case "budget" -> {
                if (!"enabled".equals(type)) {
                    ObjectNode enabled = body.putObject("thinking").put("type", "enabled");
                    enabled.put("budget_tokens", Reasoning.budgetFromEffort(effort, body.path("max_tokens").asLong()));
                }
                return removeEffort(body);
            }
            case "adaptive" -> {
                if (!"adaptive".equals(type)) {
                    body.putObject("thinking").put("type", "adaptive");
                    ObjectNode config = body.has("output_config") && body.get("output_config").isObject()
                            ? (ObjectNode) body.get("output_config") : body.putObject("output_config");
                    if (!config.has("effort") && effort != null) {
                        config.put("effort", effort);
                    }
                }
                return false;
            }
            default -> {
                body.remove("thinking");
                return removeEffort(body);
            }
        }
    }

    private static boolean removeEffort(ObjectNode body) {
        return removeNested(body, "output_config", "effort");
    }
}
