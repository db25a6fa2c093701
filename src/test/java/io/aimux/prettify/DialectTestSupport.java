package io.aimux.prettify;

import io.aimux.chat.ToolSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for dialect tests: tool specs, and runs that check one-piece and char-by-char agree. */
final class DialectTestSupport {

    private DialectTestSupport() {}

    static ToolSpec tool(String name) {
        return new ToolSpec(name, null);
    }

    static ToolSpec tool(String name, String schemaJson) {
        return new ToolSpec(name, Cases.parse(schemaJson));
    }

    /** Runs the text in one piece and character by character; both must agree. */
    static Cases.Result run(String text, ToolSpec... tools) {
        return run(text, ExtractorSettings.defaults(), tools);
    }

    static Cases.Result run(String text, ExtractorSettings settings, ToolSpec... tools) {
        List<ToolSpec> list = Arrays.asList(tools);
        Cases.Result whole = Cases.run(list, settings, List.of(text));
        Cases.Result perChar = Cases.run(list, settings, perChar(text));
        assertThat(perChar.pieces()).as("char-by-char equals one piece").isEqualTo(whole.pieces());
        return whole;
    }

    static List<String> perChar(String text) {
        List<String> chars = new ArrayList<>();
        text.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        return chars;
    }

    /** Asserts that nothing was extracted and the text came back unchanged. */
    static void assertUnchanged(String text, ToolSpec... tools) {
        Cases.Result r = run(text, tools);
        assertThat(r.calls()).as("calls").isEmpty();
        assertThat(r.content()).isEqualTo(text);
    }

    static void assertCall(TextPiece.Call call, String name, String argsJson) {
        assertThat(call.name()).isEqualTo(name);
        assertThat(Cases.jsonEquals(Cases.parse(call.argumentsJson()), Cases.parse(argsJson)))
                .as("arguments %s equal %s", call.argumentsJson(), argsJson).isTrue();
    }
}
