package io.aimux.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The text tool-call dialects open-weight models leak into their answer text, each rendered in
 * the exact shape of the conformance corpus ({@code text/*} families). The model name of each
 * dialect's mock scenario is {@link #model()}.
 */
enum TextDialect {

    /** {@code <tool_call>\n{"name": …, "arguments": …}\n</tool_call>} */
    HERMES("hermes", "<tool_call>", "</tool_call>") {
        @Override
        String markup(String name, ObjectNode args) {
            return "<tool_call>\n{\"name\": " + JsonText.quote(name) + ", \"arguments\": " + JsonText.spaced(args)
                    + "}\n</tool_call>";
        }
    },

    /** Qwen3-Coder: {@code <tool_call>\n<function=N>\n<parameter=K>\nV\n</parameter>\n</function>\n</tool_call>} */
    QWEN3_XML("qwen3-xml", "<tool_call>", "<function=", "<parameter=", "</tool_call>") {
        @Override
        String markup(String name, ObjectNode args) {
            StringBuilder out = new StringBuilder("<tool_call>\n<function=").append(name).append(">\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append("<parameter=").append(e.getKey()).append(">\n")
                        .append(JsonText.raw(e.getValue())).append("\n</parameter>\n");
            }
            return out.append("</function>\n</tool_call>").toString();
        }
    },

    /** GLM-4.5/4.6: {@code <tool_call>N\n<arg_key>K</arg_key>\n<arg_value>V</arg_value>\n</tool_call>} */
    GLM("glm", "<tool_call>", "<arg_key>", "</arg_value>", "</tool_call>") {
        @Override
        String markup(String name, ObjectNode args) {
            StringBuilder out = new StringBuilder("<tool_call>").append(name).append('\n');
            for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append("<arg_key>").append(e.getKey()).append("</arg_key>\n<arg_value>")
                        .append(JsonText.raw(e.getValue())).append("</arg_value>\n");
            }
            return out.append("</tool_call>").toString();
        }
    },

    /** Claude transcript style: {@code <function_calls>\n<invoke name="N">\n<parameter name="K">V</parameter>…} */
    ANTHROPIC_XML("anthropic-xml", "<function_calls>", "<invoke name=", "</function_calls>") {
        @Override
        String markup(String name, ObjectNode args) {
            StringBuilder out = new StringBuilder("<function_calls>\n<invoke name=\"").append(name).append("\">\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append("<parameter name=\"").append(e.getKey()).append("\">")
                        .append(JsonText.raw(e.getValue())).append("</parameter>\n");
            }
            return out.append("</invoke>\n</function_calls>").toString();
        }

        @Override
        String separator() {
            return "\n\n";
        }
    },

    /** Mistral / Magistral: {@code [TOOL_CALLS]N[ARGS]{…}} */
    MISTRAL("mistral", "[TOOL_CALLS]", "[ARGS]") {
        @Override
        String markup(String name, ObjectNode args) {
            return "[TOOL_CALLS]" + name + "[ARGS]" + JsonText.spaced(args);
        }

        @Override
        String separator() {
            return "";
        }
    },

    /** Llama 3.x: the whole message is {@code <|python_tag|>{"name": …, "parameters": …}}. */
    LLAMA("llama", "<|python_tag|>", "\"parameters\"") {
        @Override
        String markup(String name, ObjectNode args) {
            return "<|python_tag|>{\"name\": " + JsonText.quote(name) + ", \"parameters\": " + JsonText.spaced(args) + "}";
        }

        @Override
        String preamble(String name) {
            return null;
        }
    },

    /** DeepSeek V3.1: {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>N<｜tool▁sep｜>{…}<｜tool▁call▁end｜><｜tool▁calls▁end｜>} */
    DEEPSEEK("deepseek", "<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>", "<｜tool▁sep｜>", "<｜tool▁call▁end｜>",
            "<｜tool▁calls▁end｜>") {
        @Override
        String markup(String name, ObjectNode args) {
            return "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>" + name + "<｜tool▁sep｜>" + JsonText.spaced(args)
                    + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
        }

        @Override
        String separator() {
            return "";
        }
    },

    /** Kimi-K2: {@code <|tool_calls_section_begin|><|tool_call_begin|>functions.N:0<|tool_call_argument_begin|>{…}…} */
    KIMI("kimi", "<|tool_calls_section_begin|>", "<|tool_call_begin|>", "<|tool_call_argument_begin|>",
            "<|tool_call_end|>", "<|tool_calls_section_end|>") {
        @Override
        String markup(String name, ObjectNode args) {
            return "<|tool_calls_section_begin|><|tool_call_begin|>functions." + name + ":0<|tool_call_argument_begin|>"
                    + JsonText.spaced(args) + "<|tool_call_end|><|tool_calls_section_end|>";
        }

        @Override
        String separator() {
            return " ";
        }
    },

    /**
     * gpt-oss harmony leaked as text: an analysis message (the "sentence"), then
     * {@code <|start|>assistant<|channel|>commentary to=functions.N <|constrain|>json<|message|>{…}<|call|>}.
     */
    HARMONY("harmony", "<|channel|>", "<|message|>", "<|constrain|>", "<|call|>") {
        @Override
        String markup(String name, ObjectNode args) {
            return "<|start|>assistant<|channel|>commentary to=functions." + name + " <|constrain|>json<|message|>"
                    + JsonText.compact(args) + "<|call|>";
        }

        @Override
        String preamble(String name) {
            return "<|channel|>analysis<|message|>The user needs " + name + ". I will call it.<|end|>";
        }

        @Override
        String separator() {
            return "";
        }
    },

    /** A {@code ```json} block whose whole body is {@code {"name": …, "arguments": …}}. */
    FENCED_JSON("fenced-json", "```json", "\n```") {
        @Override
        String markup(String name, ObjectNode args) {
            ObjectNode call = JsonNodeFactory.instance.objectNode();
            call.put("name", name);
            call.set("arguments", args);
            return "```json\n" + JsonText.pretty(call) + "\n```";
        }

        @Override
        String separator() {
            return "\n\n";
        }
    };

    private final String model;
    private final List<String> cutMarkers;

    TextDialect(String model, String... cutMarkers) {
        this.model = model;
        this.cutMarkers = List.of(cutMarkers);
    }

    /** The mock model name of this dialect. */
    String model() {
        return model;
    }

    /** Tags and special tokens that streaming cuts in their middle. */
    List<String> cutMarkers() {
        return cutMarkers;
    }

    /** The call markup alone. */
    abstract String markup(String name, ObjectNode args);

    /** Text before the markup, or null when the dialect requires the message to be the call. */
    String preamble(String name) {
        return "I'll use " + name + " for this.";
    }

    /** What separates the preamble from the markup. */
    String separator() {
        return "\n";
    }

    /** The whole answer text: preamble, separator, markup. */
    String render(String name, ObjectNode args) {
        String preamble = preamble(name);
        return preamble == null ? markup(name, args) : preamble + separator() + markup(name, args);
    }

    static TextDialect forModel(String model) {
        for (TextDialect dialect : values()) {
            if (dialect.model.equals(model)) {
                return dialect;
            }
        }
        return null;
    }
}
