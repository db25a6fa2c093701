package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class MistralDialectTest {

    static final ToolSpec WEATHER = tool("get_weather");
    static final ToolSpec TIME = tool("get_time");

    @Test
    void arrayFormWithIds() {
        Cases.Result r = run("[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\"}, \"id\": \"aB3dE5gH7\"},"
                + " {\"name\": \"get_time\", \"arguments\": {}, \"id\": \"x1\"}]", WEATHER, TIME);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Zürich\"}");
        assertThat(r.calls().get(0).id()).isEqualTo("aB3dE5gH7");
        assertThat(r.calls().get(1).id()).isEqualTo("x1");
        assertThat(r.content()).isEmpty();
    }

    @Test
    void nameArgsAndCallIdForms() {
        Cases.Result r = run("Sure.[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Rome\"}[TOOL_CALLS]get_time[CALL_ID]abc123XYZ[ARGS]{}", WEATHER, TIME);
        assertThat(r.calls()).hasSize(2);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Rome\"}");
        assertThat(r.calls().get(0).id()).isNull();
        assertThat(r.calls().get(1).id()).isEqualTo("abc123XYZ");
        assertThat(r.calls().get(1).dialect()).isEqualTo("mistral");
        assertThat(r.content()).isEqualTo("Sure.");
    }

    /** Found by fuzzing: a partial [ARGS] after a long id must not count towards the id's length. */
    @Test
    void callIdOfTheMaximumLengthIsFoundWhenStreamed() {
        String id = "k".repeat(64);
        Cases.Result r = run("[TOOL_CALLS]get_time[CALL_ID]" + id + "[ARGS]{}", TIME);
        assertThat(r.calls()).hasSize(1);
        assertThat(r.calls().get(0).id()).isEqualTo(id);
        assertUnchanged("[TOOL_CALLS]get_time[CALL_ID]" + id + "k[ARGS]{}", TIME);
        assertUnchanged("[TOOL_CALLS]get_time[CALL_ID]ab[AR[ARGS]{}", TIME);
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Ro", WEATHER);
        assertUnchanged("[TOOL_CALLS]get_weather[ARGS]{city: Rome}", WEATHER);
        assertUnchanged("[TOOL_CALLS]launch_missiles[ARGS]{}", WEATHER);
        assertUnchanged("[TOOL_CALLS] [{\"name\": \"launch\", \"arguments\": {}}]", WEATHER);
        assertUnchanged("The [TOOL_CALLS] token starts a call.", WEATHER);
        assertUnchanged("```\n[TOOL_CALLS]get_weather[ARGS]{}\n```", WEATHER);
    }
}
