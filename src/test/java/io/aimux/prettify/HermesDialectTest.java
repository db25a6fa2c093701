package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class HermesDialectTest {

    static final ToolSpec WEATHER = tool("get_weather");

    @Test
    void completeCallWithTextBefore() {
        Cases.Result r = run("Checking.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\", \"n\": 3.50}}\n</tool_call>", WEATHER);
        assertThat(r.calls()).hasSize(1);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Lyon\",\"n\":3.5}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("hermes");
        assertThat(r.content().strip()).isEqualTo("Checking.");
    }

    @Test
    void textAfterTheCallIsKept() {
        Cases.Result r = run("<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call> then more", WEATHER);
        assertThat(r.calls()).hasSize(1);
        assertThat(r.content()).isEqualTo(" then more");
    }

    @Test
    void argumentsGivenAsJsonStringAreDecoded() {
        Cases.Result r = run("<tool_call>{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}</tool_call>", WEATHER);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Oslo\"}");
    }

    @Test
    void truncatedInvalidUndeclaredOrFencedStaysText() {
        assertUnchanged("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}", WEATHER);
        assertUnchanged("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Ly", WEATHER);
        assertUnchanged("<tool_call>{\"name\": \"get_weather\", \"arguments\": {city: Lyon}}</tool_call>", WEATHER);
        assertUnchanged("<tool_call>{\"name\": \"drop_db\", \"arguments\": {}}</tool_call>", WEATHER);
        assertUnchanged("<tool_call>{\"name\": \"get_weather\", \"arguments\": {}} trailing</tool_call>", WEATHER);
        assertUnchanged("```xml\n<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>\n```\n", WEATHER);
        assertUnchanged("Use `<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>` like this.", WEATHER);
        assertUnchanged("<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>", new ToolSpec[0]);
    }

    @Test
    void proseNamingTheTagIsReleasedWithoutWaitingForTheEnd() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("Models wrap calls in a <tool_call> tag", out);
        assertThat(x.heldBackChars()).isZero();
        x.accept(" and <tool_call>{\"name\": \"get_w", out);
        assertThat(x.heldBackChars()).isEqualTo("<tool_call>{\"name\": \"get_w".length());
        x.accept("ind\"", out);
        assertThat(x.heldBackChars()).as("undeclared name released at once").isZero();
        x.finish(out);
        assertThat(Cases.summarize(out).content()).isEqualTo("Models wrap calls in a <tool_call> tag and <tool_call>{\"name\": \"get_wind\"");
    }

    @Test
    void twoCallsInARow() {
        Cases.Result r = run("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"A\"}}</tool_call>\n<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"B\"}}</tool_call>", WEATHER);
        assertThat(r.calls()).extracting(TextPiece.Call::argumentsJson).containsExactly("{\"city\":\"A\"}", "{\"city\":\"B\"}");
        assertThat(r.content().strip()).isEmpty();
    }
}
