package io.aimux.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Writes JSON the way models tend to print it: compact, spaced ({@code ", "} and {@code ": "}) or indented. */
final class JsonText {

    private JsonText() {}

    /** {@code {"a":1,"b":[true]}} */
    static String compact(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, ",", ":", null, 0);
        return out.toString();
    }

    /** {@code {"a": 1, "b": [true]}}, as Python's {@code json.dumps} prints it. */
    static String spaced(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, ", ", ": ", null, 0);
        return out.toString();
    }

    /** Indented by two spaces per level. */
    static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, ",", ": ", "  ", 0);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, String comma, String colon, String indent, int level) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            boolean first = true;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    out.append(comma);
                }
                first = false;
                newline(out, indent, level + 1);
                out.append(quote(field.getKey())).append(colon);
                write(field.getValue(), out, comma, colon, indent, level + 1);
            }
            newline(out, indent, level);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (JsonNode item : node) {
                if (!first) {
                    out.append(comma);
                }
                first = false;
                newline(out, indent, level + 1);
                write(item, out, comma, colon, indent, level + 1);
            }
            newline(out, indent, level);
            out.append(']');
        } else {
            // scalars: Jackson's own rendering (strings quoted and escaped)
            out.append(node.toString());
        }
    }

    private static void newline(StringBuilder out, String indent, int level) {
        if (indent != null) {
            // the comma separator of the indented form has no trailing space
            out.append('\n').append(indent.repeat(level));
        }
    }

    static String quote(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    /** The raw text an XML-style dialect writes for a value: strings bare, anything else as JSON. */
    static String raw(JsonNode value) {
        return value.isTextual() ? value.asText() : spaced(value);
    }
}
