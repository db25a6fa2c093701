package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicXmlDialectTest {

    static final ToolSpec SHELL = tool("run_shell",
            "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},\"timeout_ms\":{\"type\":\"integer\"},\"env\":{\"type\":\"object\"}}}");

    @Test
    void valuesAreExactTextTypedBySchema() {
        Cases.Result r = run("Running.\n<function_calls>\n<invoke name=\"run_shell\">\n"
                + "<parameter name=\"command\">  ls -la\n</parameter>\n<parameter name='timeout_ms'>120000</parameter>\n"
                + "<parameter name=\"env\">{\"A\": \"1\"}</parameter>\n</invoke>\n</function_calls>\nDone?", SHELL);
        assertThat(r.calls()).hasSize(1);
        assertCall(r.calls().get(0), "run_shell", "{\"command\":\"  ls -la\\n\",\"timeout_ms\":120000,\"env\":{\"A\":\"1\"}}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("anthropic-xml");
        assertThat(Cases.collapse(r.content())).isEqualTo("Running. Done?");
    }

    @Test
    void severalInvokes() {
        Cases.Result r = run("<function_calls><invoke name=\"run_shell\"><parameter name=\"command\">a</parameter></invoke>"
                + "<invoke name=\"run_shell\"></invoke></function_calls>", SHELL);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(1), "run_shell", "{}");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("<function_calls>\n<invoke name=\"run_shell\">\n<parameter name=\"command\">ls</parameter>\n</invoke>\n", SHELL);
        assertUnchanged("<function_calls>\n<invoke name=\"rm_rf\">\n</invoke>\n</function_calls>", SHELL);
        assertUnchanged("<function_calls>\n<invoke name=\"run_shell\">\n<parameter name=\"command\">ls\n</invoke>\n</function_calls>", SHELL);
        assertUnchanged("<function_calls></function_calls>", SHELL);
        assertUnchanged("~~~\n<function_calls><invoke name=\"run_shell\"></invoke></function_calls>\n~~~", SHELL);
    }
}
