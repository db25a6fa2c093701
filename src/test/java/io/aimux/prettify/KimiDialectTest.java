package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class KimiDialectTest {

    static final ToolSpec STOCK = tool("get_stock_price");

    @Test
    void callsWithMixedSpacing() {
        Cases.Result r = run("Checking. <|tool_calls_section_begin|> <|tool_call_begin|>\nfunctions.get_stock_price:0 <|tool_call_argument_begin|> {\"ticker\": \"SAP\"} <|tool_call_end|>"
                + "<|tool_call_begin|>get_stock_price:1<|tool_call_argument_begin|>{\"ticker\": \"ASML\"}<|tool_call_end|>\n<|tool_calls_section_end|>", STOCK);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(0), "get_stock_price", "{\"ticker\":\"SAP\"}");
        assertThat(r.calls().get(0).id()).isEqualTo("functions.get_stock_price:0");
        assertThat(r.calls().get(1).dialect()).isEqualTo("kimi");
        assertThat(r.content().strip()).isEqualTo("Checking.");
    }

    @Test
    void nameFromId() {
        assertThat(KimiDialect.nameOf("functions.get_weather:12")).isEqualTo("get_weather");
        assertThat(KimiDialect.nameOf("get_weather")).isEqualTo("get_weather");
        assertThat(KimiDialect.nameOf("functions.a:b")).isEqualTo("a:b");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("<|tool_calls_section_begin|><|tool_call_begin|>functions.get_stock_price:0<|tool_call_argument_begin|>{\"ticker\": \"IBM\"<|tool_call_end|><|tool_calls_section_end|>", STOCK);
        assertUnchanged("<|tool_calls_section_begin|><|tool_call_begin|>functions.buy:0<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>", STOCK);
        assertUnchanged("<|tool_calls_section_begin|><|tool_call_begin|>functions.get_stock_price:0<|tool_call_argument_begin|>{}<|tool_call_end|>", STOCK);
    }
}
