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

class LlamaDialectTest {

    static final ToolSpec WEATHER = tool("get_weather");
    static final ToolSpec SEARCH = tool("search_web");

    @Test
    void wholeMessageCalls() {
        Cases.Result r = run("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Austin\"}}", WEATHER);
        assertCall(r.calls().get(0), "get_weather", "{\"city\":\"Austin\"}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("llama");
        r = run("  <|python_tag|>{\"name\": \"search_web\", \"parameters\": {\"query\": \"x\"}}; {\"type\": \"function\", \"name\": \"get_weather\", \"arguments\": {}}\n", WEATHER, SEARCH);
        assertThat(r.calls()).extracting(TextPiece.Call::name).containsExactly("search_web", "get_weather");
        assertThat(r.content().strip()).isEmpty();
    }

    @Test
    void otherJsonOrMoreTextIsAnAnswer() {
        assertUnchanged("{\"name\": \"Ada Lovelace\", \"born\": 1815}", WEATHER);
        assertUnchanged("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"A\"}, \"description\": \"x\"}", WEATHER);
        assertUnchanged("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"A\"}} is how a call looks.", WEATHER);
        assertUnchanged("Call it like {\"name\": \"get_weather\", \"parameters\": {}}", WEATHER);
        assertUnchanged("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"A\"}", WEATHER);
        assertUnchanged("<|python_tag|>import math\nprint(math.pi)", WEATHER);
        assertUnchanged("{\"result\": 42}", WEATHER);
    }

    @Test
    void releasedAsSoonAsItCannotBeACall() {
        TextCallExtractor x = new TextCallExtractor(List.of(WEATHER), ExtractorSettings.defaults());
        List<TextPiece> out = new ArrayList<>();
        x.accept("{\"name\": \"get_weather\", \"parameters\": {}}", out);
        assertThat(x.heldBackChars()).as("held until the message ends").isPositive();
        x.accept(" and so on", out);
        assertThat(x.heldBackChars()).isZero();
        x.finish(out);
        assertThat(Cases.summarize(out).calls()).isEmpty();
    }
}
