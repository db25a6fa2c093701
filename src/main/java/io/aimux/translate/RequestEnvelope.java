package io.aimux.translate;

import static io.aimux.translate.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;

/**
 * The checks every chat request passes before routing, whatever happens to it next: a JSON
 * object with a bounded {@code model}, a bounded {@code messages} array of objects with string
 * roles, and well-typed values for the few fields the gateway itself reads ({@code stream},
 * output limits, {@code tools}). Everything else is left to the target: a same-protocol upstream
 * judges it itself, a translation checks it with {@link AnthropicRequestValidator} or
 * {@link OpenAiRequestValidator} because the translator must understand what it rewrites.
 */
public final class RequestEnvelope {

    private RequestEnvelope() {}

    public static void check(WireProtocol protocol, JsonNode body) {
        Checks.requireBody(body);
        Checks.model(body);
        JsonNode messages = Checks.messages(body);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode role = messages.get(i).get("role");
            String path = "messages[" + i + "].role";
            if (Json.absent(role)) {
                throw fail(path, "required");
            }
            if (!role.isTextual()) {
                throw fail(path, "must be a string, got " + Json.kind(role));
            }
        }
        Checks.optionalBoolean(body, "stream", "");
        Checks.optionalInt(body, "max_tokens", "", 1);
        if (protocol == WireProtocol.OPENAI) {
            Checks.optionalInt(body, "max_completion_tokens", "", 1);
            Checks.optionalObject(body, "stream_options", "");
        }
        JsonNode tools = Json.field(body, "tools");
        if (tools != null) {
            if (!tools.isArray()) {
                throw fail("tools", "must be an array, got " + Json.kind(tools));
            }
            if (tools.size() > Checks.MAX_TOOLS) {
                throw fail("tools", "must contain at most " + Checks.MAX_TOOLS + " tools, got " + tools.size());
            }
            for (int i = 0; i < tools.size(); i++) {
                if (!tools.get(i).isObject()) {
                    throw fail("tools[" + i + "]", "must be an object, got " + Json.kind(tools.get(i)));
                }
            }
        }
    }
}
