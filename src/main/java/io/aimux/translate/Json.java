package io.aimux.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/** Small JSON helpers shared by the translators and validators of this package. */
final class Json {

    /** The one mapper of this package; used only for tool-argument strings. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** OpenAI reasoning models: o-series ({@code o1}, {@code o3-mini}, {@code o4-mini}…) and GPT-5. */
    private static final Pattern OPENAI_REASONING_MODEL = Pattern.compile("^(o\\d|gpt-5).*");

    private Json() {}

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    /** True when the node is missing or JSON null (optional fields may be sent as null). */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The field, or null when it is missing or JSON null. */
    static JsonNode field(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode value = parent.get(name);
        return absent(value) ? null : value;
    }

    /** The text of a string field, or null. */
    static String text(JsonNode parent, String name) {
        JsonNode value = field(parent, name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Whether {@code field} appears as a key anywhere in the tree. */
    static boolean mentions(JsonNode node, String field) {
        return node != null && node.findValue(field) != null;
    }

    /** 16 hex digits of the SHA-256 of a text: a stable key that does not reveal the text. */
    static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static ObjectNode textBlock(String text) {
        ObjectNode block = object();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    /** Serialises a tool input object as an OpenAI arguments string. */
    static String write(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Parses a JSON string, or returns null when it is not valid JSON. */
    static JsonNode parseOrNull(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A client value for an error message ({@link io.aimux.error.SafeText#quote}). */
    static String quote(String value) {
        return io.aimux.error.SafeText.quote(value);
    }

    /** "a string", "an object"… for error messages. */
    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }

    /**
     * OpenAI reasoning models (o-series, GPT-5) reject {@code max_tokens} and want
     * {@code max_completion_tokens}.
     */
    static boolean usesMaxCompletionTokens(String model) {
        return OPENAI_REASONING_MODEL.matcher(bareModel(model)).matches();
    }

    /**
     * OpenAI reasoning models accept only the default sampling ({@code temperature} and
     * {@code top_p} of 1) and take {@code reasoning_effort}; {@code gpt-5-chat} is not one.
     */
    static boolean isOpenAiReasoningModel(String model) {
        String bare = bareModel(model);
        return OPENAI_REASONING_MODEL.matcher(bare).matches() && !bare.startsWith("gpt-5-chat");
    }

    private static String bareModel(String model) {
        if (model == null) {
            return "";
        }
        return model.substring(model.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
