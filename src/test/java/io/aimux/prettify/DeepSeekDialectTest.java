package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class DeepSeekDialectTest {

    static final ToolSpec WEATHER = tool("get_weather");
    static final String B = DeepSeekDialect.OPEN;
    static final String E = DeepSeekDialect.CLOSE;
    static final String CB = DeepSeekDialect.CALL;
    static final String CE = DeepSeekDialect.CALL_END;
    static final String SEP = DeepSeekDialect.SEP;

    @Test
    void v3FencedForm() {
        Cases.Result r = run("Sure." + B + CB + "function" + SEP + "get_weather\n```json\n{\"city\": \"Shenzhen\"}\n```" + CE + E, WEATHER);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Shenzhen\"}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("deepseek");
        assertThat(r.content()).isEqualTo("Sure.");
    }

    @Test
    void v31Form() {
        Cases.Result r = run(B + CB + "get_weather" + SEP + "{\"city\": \"A\"}" + CE + CB + "get_weather" + SEP + "{\"city\": \"B\"}" + CE + E + " ok", WEATHER);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(1), "get_weather", "{\"city\":\"B\"}");
        assertThat(r.content()).isEqualTo(" ok");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged(B + CB + "get_weather" + SEP + "{\"city\": \"A\"}" + CE, WEATHER);
        assertUnchanged(B + CB + "get_weather" + SEP + "{\"city\": A}" + CE + E, WEATHER);
        assertUnchanged(B + CB + "rm" + SEP + "{}" + CE + E, WEATHER);
        assertUnchanged(B + CB + "function" + SEP + "get_weather\n```json\n{\"city\": \"A\"}\n" + CE + E, WEATHER);
        assertUnchanged("The token " + B + " starts calls.", WEATHER);
    }
}
