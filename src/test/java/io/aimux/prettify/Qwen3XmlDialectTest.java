package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class Qwen3XmlDialectTest {

    static final ToolSpec TICKET = tool("update_ticket", """
            {"type":"object","properties":{
              "id":{"type":"string"},"n":{"type":"integer"},"ratio":{"type":"number"},
              "ok":{"type":"boolean"},"tags":{"type":"array"},"meta":{"type":"object"},
              "maybe":{"type":["integer","null"]},"date":{"type":"string"}}}""");

    @Test
    void valuesAreTypedBySchema() {
        String text = "<tool_call>\n<function=update_ticket>\n"
                + "<parameter=id>\n00731\n</parameter>\n"
                + "<parameter=n>\n40\n</parameter>\n"
                + "<parameter=ratio>\n19.5\n</parameter>\n"
                + "<parameter=ok>\ntrue\n</parameter>\n"
                + "<parameter=tags>\n[\"a\", \"b\"]\n</parameter>\n"
                + "<parameter=meta>\n{\"k\": 1}\n</parameter>\n"
                + "<parameter=maybe>\nnull\n</parameter>\n"
                + "<parameter=date>\n2026-03-14\n</parameter>\n"
                + "<parameter=extra>\n7\n</parameter>\n"
                + "</function>\n</tool_call>";
        Cases.Result r = run(text, TICKET);
        assertThat(r.calls()).hasSize(1);
        assertCall(r.calls().get(0), "update_ticket", """
                {"id":"00731","n":40,"ratio":19.5,"ok":true,"tags":["a","b"],"meta":{"k":1},
                 "maybe":null,"date":"2026-03-14","extra":"7"}""");
        assertThat(r.calls().get(0).dialect()).isEqualTo("qwen3-xml");
    }

    @Test
    void onlyOneFramingNewlineIsDropped() {
        Cases.Result r = run("<tool_call><function=update_ticket><parameter=id>\n\n  indented\n\n</parameter></function></tool_call>", TICKET);
        assertCall(r.calls().get(0), "update_ticket", "{\"id\":\"\\n  indented\\n\"}");
    }

    @Test
    void badValueForTypeStaysString() {
        Cases.Result r = run("<tool_call><function=update_ticket><parameter=n>many</parameter></function></tool_call>", TICKET);
        assertCall(r.calls().get(0), "update_ticket", "{\"n\":\"many\"}");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("Sure.\n<tool_call>\n<function=update_ticket>\n<parameter=id>\n42", TICKET);
        assertUnchanged("<tool_call>\n<function=update_ticket>\n<parameter=id>\n42\n</function>\n</tool_call>", TICKET);
        assertUnchanged("<tool_call>\n<function=delete_all>\n</function>\n</tool_call>", TICKET);
        assertUnchanged("```\n<tool_call>\n<function=update_ticket>\n</function>\n</tool_call>\n```", TICKET);
    }
}
