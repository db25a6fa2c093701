package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.Iterator;
import java.util.Map;

/**
 * Token estimates of an Anthropic Messages request for upstreams that cannot count: every text
 * the model reads (system, messages, tool inputs and results, tool definitions) is encoded with
 * OpenAI's o200k BPE and scaled to Claude's tokenizer, which is not public. Claude's tokenizer
 * yields more tokens than o200k for the same text; {@link #CLAUDE_RATIO} is the mean ratio and
 * docs/compatibility.md states the expected error.
 */
public final class TokenEstimate {

    /** Claude tokens per o200k token, averaged over English prose and source code. */
    public static final double CLAUDE_RATIO = 1.20;
    /** Framing of one message (role, separators). */
    static final int PER_MESSAGE = 4;
    /** Framing of one tool definition. */
    static final int PER_TOOL = 8;
    /** An image or PDF page whose size is unknown here. */
    static final int PER_MEDIA = 1600;

    private TokenEstimate() {}

    private static final class Holder {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** Loads the encoding (a few hundred milliseconds) so no request pays for it. */
    public static void warm() {
        Holder.O200K.countTokensOrdinary("warm");
    }

    /** o200k tokens of a plain text. */
    public static int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : Holder.O200K.countTokensOrdinary(text);
    }

    /** Estimated input tokens of an Anthropic Messages request body, in Claude tokens. */
    public static long anthropicRequest(JsonNode body) {
        long tokens = content(body.get("system"));
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE + content(message.get("content"));
        }
        for (JsonNode tool : body.path("tools")) {
            tokens += PER_TOOL + tokens(Json.text(tool, "name")) + tokens(Json.text(tool, "description"));
            JsonNode schema = tool.get("input_schema");
            if (schema != null) {
                tokens += tokens(schema.toString());
            }
        }
        return Math.max(1, Math.round(tokens * CLAUDE_RATIO));
    }

    /**
     * Estimated input tokens of an OpenAI Chat Completions request body, in o200k tokens: message
     * texts, tool call arguments, tool definitions; images, audio and files at a flat cost.
     */
    public static long openAiRequest(JsonNode body) {
        long tokens = 0;
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE + openAiContent(message.get("content"));
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                tokens += tokens(Json.text(function, "name")) + tokens(Json.text(function, "arguments"));
            }
        }
        for (JsonNode tool : body.path("tools")) {
            JsonNode function = tool.path("function");
            tokens += PER_TOOL + tokens(Json.text(function, "name")) + tokens(Json.text(function, "description"));
            JsonNode parameters = function.get("parameters");
            if (parameters != null) {
                tokens += tokens(parameters.toString());
            }
        }
        return Math.max(1, tokens);
    }

    private static long openAiContent(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (!content.isArray()) {
            return tokens(content.asText());
        }
        long sum = 0;
        for (JsonNode part : content) {
            String type = Json.text(part, "type");
            if ("text".equals(type)) {
                sum += tokens(Json.text(part, "text"));
            } else if ("image_url".equals(type) || "input_audio".equals(type) || "file".equals(type)) {
                sum += PER_MEDIA;
            } else {
                sum += tokens(part.toString());
            }
        }
        return sum;
    }

    /** o200k tokens of one content value (string, block list, or block), media at a flat cost. */
    static long content(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return tokens(node.asText());
        }
        if (node.isArray()) {
            long sum = 0;
            for (JsonNode item : node) {
                sum += content(item);
            }
            return sum;
        }
        if (!node.isObject()) {
            return tokens(node.asText());
        }
        String type = Json.text(node, "type");
        if ("image".equals(type) || ("document".equals(type) && "base64".equals(Json.text(node.path("source"), "type")))) {
            return PER_MEDIA;
        }
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "type", "id", "tool_use_id", "signature", "cache_control", "citations" -> {
                    // framing the model does not read as text
                }
                case "input" -> sum += tokens(field.getValue().toString());
                default -> sum += content(field.getValue());
            }
        }
        return sum;
    }
}
