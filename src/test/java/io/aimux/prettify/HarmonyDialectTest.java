package io.aimux.prettify;

import io.aimux.chat.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aimux.prettify.DialectTestSupport.assertCall;
import static io.aimux.prettify.DialectTestSupport.assertUnchanged;
import static io.aimux.prettify.DialectTestSupport.run;
import static io.aimux.prettify.DialectTestSupport.tool;
import static org.assertj.core.api.Assertions.assertThat;

class HarmonyDialectTest {

    static final ToolSpec ORDER = tool("lookup_order");

    @Test
    void commentaryCallAfterAnalysis() {
        Cases.Result r = run("<|channel|>analysis<|message|>Need the order.<|end|><|start|>assistant<|channel|>commentary to=functions.lookup_order <|constrain|>json<|message|>{\"order_id\":\"C-1\"}<|call|>", ORDER);
        assertThat(r.calls()).hasSize(1);
        assertCall(r.calls().get(0), "lookup_order", "{\"order_id\":\"C-1\"}");
        assertThat(r.calls().get(0).dialect()).isEqualTo("harmony");
        assertThat(r.reasoning()).isEqualTo("Need the order.");
        assertThat(r.content()).isEmpty();
    }

    @Test
    void recipientInRolePartAndBareJsonType() {
        Cases.Result r = run("<|start|>assistant to=functions.lookup_order<|channel|>commentary json<|message|>{\"order_id\": \"A\"}<|call|>", ORDER);
        assertCall(r.calls().get(0), "lookup_order", "{\"order_id\":\"A\"}");
    }

    @Test
    void finalHeaderAfterHarmonyMessageIsDropped() {
        Cases.Result r = run("<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>The answer.", ORDER);
        assertThat(r.content()).isEqualTo("The answer.");
        assertThat(r.reasoning()).isEqualTo("Think.");
    }

    @Test
    void analysisStaysTextWhenReasoningIsOff() {
        String text = "<|channel|>analysis<|message|>Think.<|end|>";
        Cases.Result r = run(text, new ExtractorSettings(List.of(), 65536, false), ORDER);
        assertThat(r.content()).isEqualTo(text);
    }

    @Test
    void proseNamingTheTokensIsReleasedEarly() {
        TextCallExtractor x = new TextCallExtractor(List.of(ORDER), ExtractorSettings.defaults());
        List<TextPiece> out = new java.util.ArrayList<>();
        x.accept("Each message starts with <|start|> followed by the role, and <|channel|>analysis is for thinking", out);
        assertThat(x.heldBackChars()).isZero();
        x.finish(out);
        assertThat(Cases.summarize(out).content()).startsWith("Each message");
    }

    @Test
    void brokenMarkupStaysText() {
        assertUnchanged("<|start|>assistant<|channel|>commentary to=functions.lookup_order <|constrain|>json<|message|>{\"order_id\":\"C-1\"}", ORDER);
        assertUnchanged("<|channel|>commentary to=functions.cancel_order json<|message|>{}<|call|>", ORDER);
        assertUnchanged("<|channel|>commentary to=browser.search json<|message|>{}<|call|>", ORDER);
        assertUnchanged("<|channel|>commentary to=functions.lookup_order json<|message|>{order}<|call|>", ORDER);
        assertUnchanged("<|channel|>final<|message|>Plain answer.", ORDER);
    }
}
