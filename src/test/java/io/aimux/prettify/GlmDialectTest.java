package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class GlmDialectTest {

    static final ToolSpec FORECAST = tool("get_forecast",
            "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},\"full\":{\"type\":\"boolean\"}}}");
    static final ToolSpec NOW = tool("get_time");

    @Test
    void trimmedAndTypedValues() {
        Cases.Result r = run("Let me check.\n<tool_call>get_forecast\n<arg_key>location</arg_key>\n<arg_value>  São Paulo \n</arg_value>\n"
                + "<arg_key>days</arg_key>\n<arg_value>3</arg_value>\n<arg_key>full</arg_key><arg_value>false</arg_value>\n</tool_call>", FORECAST);
        assertThat(r.calls()).hasSize(1);
        assertCall(r.calls().get(0), "get_forecast", "{\"location\":\"São Paulo\",\"days\":3,\"full\":false}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("glm");
        assertThat(r.content().strip()).isEqualTo("Let me check.");
    }

    @Test
    void callWithoutArguments() {
        Cases.Result r = run("<tool_call>get_time</tool_call>", NOW);
        assertCall(r.calls().get(0), "get_time", "{}");
        r = run("<tool_call>get_time\n</tool_call>", NOW);
        assertCall(r.calls().get(0), "get_time", "{}");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("<tool_call>get_forecast\n<arg_key>location</arg_key>\n<arg_value>Paris\n</tool_call>", FORECAST);
        assertUnchanged("<tool_call>get_forecast\n<arg_key>location</arg_key>\n<arg_value>Paris</arg_value>", FORECAST);
        assertUnchanged("<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Paris</arg_value>\n</tool_call>", FORECAST);
        assertUnchanged("<tool_call>get_forecast\n<arg_value>Paris</arg_value>\n</tool_call>", FORECAST);
    }
}
