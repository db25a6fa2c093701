package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicXmlDialectTest {

    static final ToolSpec SHELL = DialectTestSupport.tool("run_shell",
            "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},\"timeout_ms\":{\"type\":\"integer\"},\"env\":{\"type\":\"object\"}}}");

    @Test
    void valuesAreExactTextTypedBySchema() {
        Cases.Result r = DialectTestSupport.run("Running.\n<function_calls>\n<invoke name=\"run_shell\">\n"
                + "<parameter name=\"command\">  ls -la\n</parameter>\n<parameter name='timeout_ms'>120000</parameter>\n"
                + "<parameter name=\"env\">{\"A\": \"1\"}</parameter>\n</invoke>\n</function_calls>\nDone?", SHELL);
        assertThat(r.calls()).hasSize(1);
        DialectTestSupport.assertCall(r.calls().get(0), "run_shell", "{\"command\":\"  ls -la\\n\",\"timeout_ms\":120000,\"env\":{\"A\":\"1\"}}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("anthropic-xml");
        assertThat(Cases.collapse(r.content())).isEqualTo("Running. Done?");
    }

    @Test
    void severalInvokes() {
        Cases.Result r = DialectTestSupport.run("<function_calls><invoke name=\"run_shell\"><parameter name=\"command\">a</parameter></invoke>"
                + "<invoke name=\"run_shell\"></invoke></function_calls>", SHELL);
        assertThat(r.calls()).hasSize(2);
        DialectTestSupport.assertCall(r.calls().get(1), "run_shell", "{}");
    }

    @Test
    void brokenMarkupStaysText() {
        DialectTestSupport.assertUnchanged("<function_calls>\n<invoke name=\"run_shell\">\n<parameter name=\"command\">ls</parameter>\n</invoke>\n", SHELL);
        DialectTestSupport.assertUnchanged("<function_calls>\n<invoke name=\"rm_rf\">\n</invoke>\n</function_calls>", SHELL);
        DialectTestSupport.assertUnchanged("<function_calls>\n<invoke name=\"run_shell\">\n<parameter name=\"command\">ls\n</invoke>\n</function_calls>", SHELL);
        DialectTestSupport.assertUnchanged("<function_calls></function_calls>", SHELL);
        DialectTestSupport.assertUnchanged("~~~\n<function_calls><invoke name=\"run_shell\"></invoke></function_calls>\n~~~", SHELL);
    }
}
