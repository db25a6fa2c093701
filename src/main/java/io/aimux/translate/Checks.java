package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.error.GatewayException;
import java.util.Set;

/** Field checks shared by both request validators. Every failure names the offending field. */
final class Checks {

    static final int MAX_MESSAGES = 10_000;
    static final int MAX_TOOLS = 512;
    /** Content parts or blocks in one message (or one tool result). */
    static final int MAX_PARTS = 4096;
    static final int MAX_MODEL_LENGTH = 256;

    private Checks() {}

    static GatewayException fail(String path, String problem) {
        return GatewayException.invalid(path + ": " + problem);
    }

    static JsonNode requireBody(JsonNode body) {
        if (body == null || body.isMissingNode() || !body.isObject()) {
            throw GatewayException.invalid("request body must be a JSON object, got " + Json.kind(body));
        }
        return body;
    }

    static void model(JsonNode body) {
        JsonNode model = body.get("model");
        if (Json.absent(model)) {
            throw fail("model", "required");
        }
        if (!model.isTextual()) {
            throw fail("model", "must be a string, got " + Json.kind(model));
        }
        String value = model.asText();
        if (value.isBlank()) {
            throw fail("model", "must not be empty");
        }
        if (value.length() > MAX_MODEL_LENGTH) {
            throw fail("model", "must be at most " + MAX_MODEL_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw fail("model", "must not contain control characters");
            }
        }
    }

    /** The messages array, checked for presence, type and size. */
    static JsonNode messages(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (Json.absent(messages)) {
            throw fail("messages", "required");
        }
        if (!messages.isArray()) {
            throw fail("messages", "must be an array, got " + Json.kind(messages));
        }
        if (messages.isEmpty()) {
            throw fail("messages", "must contain at least one message");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw fail("messages", "must contain at most " + MAX_MESSAGES + " messages, got " + messages.size());
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw fail("messages[" + i + "]", "must be an object, got " + Json.kind(message));
            }
        }
        return messages;
    }

    /** The role of a message, which must be one of {@code allowed}. */
    static String role(JsonNode message, String path, Set<String> allowed) {
        JsonNode role = message.get("role");
        if (Json.absent(role)) {
            throw fail(path + ".role", "required");
        }
        if (!role.isTextual()) {
            throw fail(path + ".role", "must be a string, got " + Json.kind(role));
        }
        if (!allowed.contains(role.asText())) {
            throw fail(path + ".role", "unknown role " + Json.quote(role.asText()));
        }
        return role.asText();
    }

    /** The type of a content part or block, which must be a string. */
    static String partType(JsonNode part, String path) {
        if (!part.isObject()) {
            throw fail(path, "must be an object, got " + Json.kind(part));
        }
        JsonNode type = part.get("type");
        if (Json.absent(type)) {
            throw fail(path + ".type", "required");
        }
        if (!type.isTextual()) {
            throw fail(path + ".type", "must be a string, got " + Json.kind(type));
        }
        return type.asText();
    }

    /** {@code prefix} is the path of {@code parent} followed by a dot, or empty at the top level. */
    static void requiredString(JsonNode parent, String name, String prefix) {
        String path = prefix;
        JsonNode value = parent.get(name);
        if (Json.absent(value)) {
            throw fail(path + name, "required");
        }
        if (!value.isTextual()) {
            throw fail(path + name, "must be a string, got " + Json.kind(value));
        }
    }

    static void optionalString(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (!Json.absent(value) && !value.isTextual()) {
            throw fail(path + name, "must be a string, got " + Json.kind(value));
        }
    }

    static void optionalBoolean(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (!Json.absent(value) && !value.isBoolean()) {
            throw fail(path + name, "must be a boolean, got " + Json.kind(value));
        }
    }

    static void optionalObject(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (!Json.absent(value) && !value.isObject()) {
            throw fail(path + name, "must be an object, got " + Json.kind(value));
        }
    }

    static void optionalNumber(JsonNode parent, String name, double min, double max) {
        JsonNode value = parent.get(name);
        if (Json.absent(value)) {
            return;
        }
        if (!value.isNumber()) {
            throw fail(name, "must be a number, got " + Json.kind(value));
        }
        double d = value.doubleValue();
        if (!(d >= min && d <= max)) {
            throw fail(name, "must be between " + plain(min) + " and " + plain(max) + ", got " + value.asText());
        }
    }

    /** An optional integer in {@code [min, Integer.MAX_VALUE]}. */
    static void optionalInt(JsonNode parent, String name, String path, int min) {
        JsonNode value = parent.get(name);
        if (Json.absent(value)) {
            return;
        }
        requireInt(value, path + name, min);
    }

    static void requireInt(JsonNode value, String path, int min) {
        if (!isInt(value)) {
            if (value.isNumber()) {
                String shown = value.asText();
                throw fail(path, "must be an integer between " + min + " and " + Integer.MAX_VALUE
                        + ", got " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown));
            }
            throw fail(path, "must be an integer, got " + Json.kind(value));
        }
        if (value.asLong() < min) {
            throw fail(path, "must be at least " + min + ", got " + value.asLong());
        }
    }

    /** An integral number (possibly written {@code 100.0}) that fits in an {@code int}. */
    static boolean isInt(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return false;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToInt();
        }
        double d = value.doubleValue();
        return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    }

    /** Tool names: {@code [a-zA-Z0-9_-]{1,max}}. */
    static boolean validToolName(String name, int max) {
        if (name == null || name.isEmpty() || name.length() > max) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Every item of {@code array} must be a string; {@code path} names the array. */
    static void stringItems(JsonNode array, String path) {
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw fail(path + "[" + i + "]", "must be a string, got " + Json.kind(array.get(i)));
            }
        }
    }
}
