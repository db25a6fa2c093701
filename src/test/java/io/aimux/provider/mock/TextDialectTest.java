package io.aimux.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Each dialect, rendered with the tool name and arguments of a conformance case, reproduces that
 * case's markup byte for byte.
 */
class TextDialectTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String corpusContent(String caseId) throws Exception {
        try (InputStream in = TextDialectTest.class.getResourceAsStream("/conformance/cases/" + caseId + ".json")) {
            assertThat(in).as(caseId).isNotNull();
            JsonNode body = JSON.readTree(in).path("upstream").path("body");
            return body.path("choices").path(0).path("message").path("content").asText();
        }
    }

    static ObjectNode args(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void hermes() throws Exception {
        assertThat(corpusContent("hermes-text-then-two-calls"))
                .contains(TextDialect.HERMES.markup("read_file", args("{\"path\": \"config/dev.yaml\"}")));
        assertThat(TextDialect.HERMES.render("get_weather", args("{\"city\": \"Lyon\", \"unit\": \"celsius\"}")))
                .endsWith(corpusContent("hermes-single-call-only"));
    }

    @Test
    void qwen3Xml() throws Exception {
        assertThat(corpusContent("qwen3xml-typed-params-with-text")).endsWith("\n" + TextDialect.QWEN3_XML.markup("read_file",
                args("{\"path\": \"src/handlers/upload.py\", \"start_line\": 40, \"end_line\": 95}")));
        assertThat(corpusContent("qwen3xml-schema-typing-string-array-bool")).isEqualTo(TextDialect.QWEN3_XML.markup(
                "update_ticket", args("""
                        {"ticket_id": "00731", "status": "resolved", "labels": ["billing", "refund"],
                         "priority": 2, "notify": false}""")));
    }

    @Test
    void glm() throws Exception {
        assertThat(corpusContent("glm-single-call-integer-arg")).endsWith("\n" + TextDialect.GLM.markup(
                "get_forecast", args("{\"location\": \"Hangzhou\", \"days\": 3}")));
    }

    @Test
    void anthropicXml() throws Exception {
        assertThat(corpusContent("anthropic-xml-single-invoke")).endsWith("\n\n" + TextDialect.ANTHROPIC_XML.markup(
                "run_shell", args("{\"command\": \"npm test -- --watch=false\", \"timeout_ms\": 120000}")));
    }

    @Test
    void mistral() throws Exception {
        assertThat(corpusContent("mistral-name-args-two-calls")).startsWith(TextDialect.MISTRAL.markup(
                "search_docs", args("{\"query\": \"rate limit headers\", \"limit\": 4}")) + "[TOOL_CALLS]");
    }

    @Test
    void llama() throws Exception {
        assertThat(TextDialect.LLAMA.render("search_web",
                args("{\"query\": \"kubernetes pod eviction thresholds\", \"num_results\": 3}")))
                .isEqualTo(corpusContent("llama-python-tag-json"));
    }

    @Test
    void deepseek() throws Exception {
        String second = "<｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{\"path\": \"package.json\"}<｜tool▁call▁end｜>";
        assertThat(TextDialect.DEEPSEEK.render("read_file", args("{\"path\": \"README.md\"}"))
                .replace("I'll use read_file for this.", "I'll read the README and the package manifest."))
                .isEqualTo(corpusContent("deepseek-v31-two-calls-with-text").replace(second, ""));
    }

    @Test
    void kimi() throws Exception {
        assertThat(TextDialect.KIMI.render("get_weather", args("{\"city\": \"Osaka\"}"))
                .replace("I'll use get_weather for this.", "I'll check the weather in Osaka."))
                .isEqualTo(corpusContent("kimi-single-call-with-text"));
    }

    @Test
    void harmony() throws Exception {
        assertThat(corpusContent("harmony-analysis-then-commentary-call")).endsWith("<|end|>" + TextDialect.HARMONY.markup(
                "get_current_weather", args("{\"location\": \"San Francisco, CA\"}")));
        assertThat(TextDialect.HARMONY.render("x", args("{}"))).startsWith("<|channel|>analysis<|message|>");
    }

    @Test
    void fencedJson() throws Exception {
        assertThat(TextDialect.FENCED_JSON.render("search_docs",
                args("{\"query\": \"webhook retry policy\", \"limit\": 5}"))
                .replace("I'll use search_docs for this.", "I'll search the docs for that."))
                .isEqualTo(corpusContent("fenced-json-name-arguments-with-text"));
    }

    @Test
    void everyDialectHasAModelName() {
        for (TextDialect dialect : TextDialect.values()) {
            assertThat(TextDialect.forModel(dialect.model())).isSameAs(dialect);
            assertThat(MockProvider.models()).contains(dialect.model());
        }
        assertThat(TextDialect.forModel("echo")).isNull();
    }
}
