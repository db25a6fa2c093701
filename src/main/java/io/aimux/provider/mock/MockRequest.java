package io.aimux.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import io.aimux.error.SafeText;
import java.util.ArrayList;
import java.util.List;

/** What the mock scenarios need from an OpenAI Chat Completions request body. */
final class MockRequest {

    /** One declared function tool. {@code parameters} may be null. */
    record Tool(String name, JsonNode parameters) {}

    private final ObjectNode body;
    private final List<Tool> tools;

    MockRequest(ObjectNode body) {
        this.body = body != null ? body : JsonNodeFactory.instance.objectNode();
        this.tools = parseTools(this.body.path("tools"));
    }

    private static List<Tool> parseTools(JsonNode node) {
        List<Tool> result = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode tool : node) {
                JsonNode function = tool.has("function") ? tool.get("function") : tool;
                String name = function.path("name").asText("");
                if (!name.isEmpty()) {
                    JsonNode parameters = function.get("parameters");
                    result.add(new Tool(name, parameters));
                }
            }
        }
        return result;
    }

    private JsonNode messages() {
        return body.path("messages");
    }

    /** Text of a message content: the string itself, or the text parts joined by newlines. */
    static String text(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    parts.add(part.asText());
                } else if (part.path("text").isTextual()
                        && ("text".equals(part.path("type").asText("text")))) {
                    parts.add(part.get("text").asText());
                }
            }
            return String.join("\n", parts);
        }
        return "";
    }

    /** Text of the last {@code user} message, or "" when there is none. */
    String lastUserText() {
        JsonNode messages = messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return text(message.get("content"));
            }
        }
        return "";
    }

    /** Whether the conversation ends with a tool result (the agent loop wants an answer). */
    boolean endsWithToolResult() {
        JsonNode messages = messages();
        if (messages.isEmpty()) {
            return false;
        }
        String role = messages.get(messages.size() - 1).path("role").asText();
        return "tool".equals(role) || "function".equals(role);
    }

    /** The trailing tool results, oldest first, each as "name: content". */
    List<String> trailingToolResults() {
        JsonNode messages = messages();
        List<String> results = new ArrayList<>();
        int i = messages.size() - 1;
        while (i >= 0) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (!"tool".equals(role) && !"function".equals(role)) {
                break;
            }
            String name = message.path("name").asText("");
            if (name.isEmpty()) {
                name = toolNameForCallId(message.path("tool_call_id").asText(""), i);
            }
            results.add(0, name + ": " + text(message.get("content")));
            i--;
        }
        return results;
    }

    private String toolNameForCallId(String callId, int before) {
        JsonNode messages = messages();
        for (int i = before - 1; i >= 0; i--) {
            for (JsonNode call : messages.get(i).path("tool_calls")) {
                if (callId.equals(call.path("id").asText())) {
                    return call.path("function").path("name").asText("tool");
                }
            }
        }
        return "tool";
    }

    List<Tool> tools() {
        return tools;
    }

    /**
     * The tool a model would call: the one named by {@code tool_choice}, else the first declared.
     * Null when no tool is declared or {@code tool_choice} is {@code "none"}.
     *
     * @throws GatewayException INVALID_REQUEST when tool_choice names an undeclared tool
     */
    Tool chosenTool() {
        if (tools.isEmpty()) {
            return null;
        }
        JsonNode choice = body.path("tool_choice");
        if (choice.isTextual() && "none".equals(choice.asText())) {
            return null;
        }
        if (choice.isObject()) {
            String name = choice.path("function").path("name").asText(choice.path("name").asText(""));
            if (!name.isEmpty()) {
                for (Tool tool : tools) {
                    if (tool.name().equals(name)) {
                        return tool;
                    }
                }
                throw GatewayException.invalid("tool_choice names " + SafeText.quote(name) + ", which is not among the declared tools");
            }
        }
        return tools.get(0);
    }

    boolean toolChoiceNone() {
        return "none".equals(body.path("tool_choice").asText(""));
    }

    /** {@code max_tokens} or {@code max_completion_tokens}; 0 when absent. */
    int maxTokens() {
        int max = body.path("max_tokens").asInt(0);
        if (max <= 0) {
            max = body.path("max_completion_tokens").asInt(0);
        }
        return Math.max(max, 0);
    }

    /** The {@code stop} sequences (string or array), empty ones dropped. */
    List<String> stopSequences() {
        JsonNode stop = body.path("stop");
        List<String> result = new ArrayList<>();
        if (stop.isTextual()) {
            result.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (s.isTextual()) {
                    result.add(s.asText());
                }
            }
        }
        result.removeIf(String::isEmpty);
        return result;
    }

    /**
     * Input tokens estimated as chars/4 (at least 1) over all message texts, tool-call arguments
     * of earlier turns and the tool declarations.
     */
    long estimatedInputTokens() {
        long chars = 0;
        for (JsonNode message : messages()) {
            chars += text(message.get("content")).length();
            for (JsonNode call : message.path("tool_calls")) {
                chars += call.path("function").path("name").asText("").length();
                chars += call.path("function").path("arguments").asText("").length();
            }
        }
        if (body.path("tools").isArray()) {
            chars += body.get("tools").toString().length();
        }
        return Math.max(1, chars / 4);
    }
}
