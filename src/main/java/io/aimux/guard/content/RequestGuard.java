package io.aimux.guard.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;

/**
 * The guard on a client request, before routing: the text of the system prompt, of every
 * message and of tool results (the {@code request} stage), and the arguments of the tool calls
 * in the history (the {@code tool_call} stage). A redaction rewrites the string in the request
 * tree, so everything else keeps its place; a block refuses the request with a 400 whose error
 * type is {@value StreamGuard#BLOCKED_TYPE} and which names the pattern, never the text.
 * Thinking blocks are left alone: their signatures cover their text.
 */
public final class RequestGuard {

    private final GuardEngine engine;
    private final GuardPolicy policy;
    private final GuardReport requestReport = new GuardReport();
    private final GuardReport toolReport = new GuardReport();

    private RequestGuard(GuardEngine engine, GuardPolicy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    /** Checks {@code body} in place; throws a {@link GatewayException} when a pattern blocks it. */
    public static void check(ObjectNode body, WireProtocol protocol, GuardEngine engine, GuardPolicy policy) {
        if (!policy.active(GuardStage.REQUEST) && !policy.active(GuardStage.TOOL_CALL)) {
            return;
        }
        RequestGuard guard = new RequestGuard(engine, policy);
        try {
            if (protocol == WireProtocol.ANTHROPIC) {
                guard.anthropic(body);
            } else {
                guard.openAi(body);
            }
        } finally {
            engine.log(GuardStage.REQUEST, guard.requestReport);
            engine.log(GuardStage.TOOL_CALL, guard.toolReport);
        }
    }

    /** The client's error for a refusal by {@code pattern}. */
    public static GatewayException refusal(GuardPattern pattern) {
        return new GatewayException(ErrorKind.GUARD_BLOCKED, "the gateway's guard refused the request: it matched pattern '"
                + pattern.id() + "' (" + pattern.category().label() + ")", pattern.id(), null);
    }

    private void anthropic(ObjectNode body) {
        JsonNode system = body.get("system");
        if (system != null && system.isTextual()) {
            body.set("system", text(system));
        } else if (system instanceof ArrayNode blocks) {
            anthropicBlocks(blocks);
        }
        for (JsonNode message : body.path("messages")) {
            if (!(message instanceof ObjectNode m)) {
                continue;
            }
            JsonNode content = m.get("content");
            if (content != null && content.isTextual()) {
                m.set("content", text(content));
            } else if (content instanceof ArrayNode blocks) {
                anthropicBlocks(blocks);
            }
        }
    }

    private void anthropicBlocks(ArrayNode blocks) {
        for (JsonNode node : blocks) {
            if (!(node instanceof ObjectNode block)) {
                continue;
            }
            switch (block.path("type").asText("")) {
                case "text" -> textField(block, "text");
                case "tool_result" -> {
                    JsonNode content = block.get("content");
                    if (content != null && content.isTextual()) {
                        block.set("content", text(content));
                    } else if (content instanceof ArrayNode inner) {
                        anthropicBlocks(inner);
                    }
                }
                case "tool_use", "server_tool_use" -> {
                    GuardPattern blocked = ToolArguments.scanTree(block.get("input"), engine, policy, toolReport);
                    if (blocked != null) {
                        engine.blocked(GuardStage.TOOL_CALL, blocked);
                        throw refusal(blocked);
                    }
                }
                default -> {
                    // thinking (signed), images, documents and newer block types are not text the guard reads
                }
            }
        }
    }

    private void openAi(ObjectNode body) {
        for (JsonNode message : body.path("messages")) {
            if (!(message instanceof ObjectNode m)) {
                continue;
            }
            JsonNode content = m.get("content");
            if (content != null && content.isTextual()) {
                m.set("content", text(content));
            } else if (content instanceof ArrayNode parts) {
                for (JsonNode part : parts) {
                    if (part instanceof ObjectNode p && "text".equals(p.path("type").asText())) {
                        textField(p, "text");
                    }
                }
            }
            for (JsonNode call : m.path("tool_calls")) {
                if (call.path("function") instanceof ObjectNode function) {
                    arguments(function);
                }
            }
            if (m.path("function_call") instanceof ObjectNode function) {
                arguments(function);
            }
        }
    }

    private void arguments(ObjectNode function) {
        JsonNode arguments = function.get("arguments");
        if (arguments == null || !arguments.isTextual()) {
            return;
        }
        GuardEngine.Result result = ToolArguments.scanJson(arguments.asText(), engine, policy, toolReport);
        if (result.blocked() != null) {
            engine.blocked(GuardStage.TOOL_CALL, result.blocked());
            throw refusal(result.blocked());
        }
        if (!result.text().equals(arguments.asText())) {
            function.put("arguments", result.text());
        }
    }

    private void textField(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            node.set(field, text(value));
        }
    }

    /** The checked text: the same node when nothing changed. */
    private JsonNode text(JsonNode value) {
        GuardEngine.Result result = engine.scan(value.asText(), GuardStage.REQUEST, policy, requestReport);
        if (result.blocked() != null) {
            engine.blocked(GuardStage.REQUEST, result.blocked());
            throw refusal(result.blocked());
        }
        return result.text().equals(value.asText()) ? value : TextNode.valueOf(result.text());
    }
}
