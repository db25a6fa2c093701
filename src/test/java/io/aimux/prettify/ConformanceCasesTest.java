package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every response case of the families text/*, negative and malformed through the extractor,
 * chunked exactly as the upstream sent the text, and compares calls and content as the
 * conformance harness does.
 */
class ConformanceCasesTest {

    @Test
    void casesArePresent() {
        assertThat(Cases.load()).hasSizeGreaterThanOrEqualTo(20);
    }

    @TestFactory
    List<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Cases.Case c : Cases.load()) {
            tests.add(DynamicTest.dynamicTest(c.id(), () -> check(c, c.chunks())));
            if (c.stream()) {
                tests.add(DynamicTest.dynamicTest(c.id() + " (one piece)", () -> check(c, List.of(c.text()))));
            } else {
                tests.add(DynamicTest.dynamicTest(c.id() + " (char by char)", () -> check(c, perChar(c.text()))));
            }
        }
        return tests;
    }

    static List<String> perChar(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    static void check(Cases.Case c, List<String> chunks) {
        Cases.Result r = Cases.run(c.tools(), chunks);
        JsonNode expCalls = c.expect().path("tool_calls");
        assertThat(r.calls()).as("number of calls in %s: %s", c.id(), r.calls()).hasSize(expCalls.size());
        for (int i = 0; i < expCalls.size(); i++) {
            TextPiece.Call got = r.calls().get(i);
            assertThat(got.name()).as("call %d name", i).isEqualTo(expCalls.get(i).path("name").asText());
            JsonNode args = Cases.parse(got.argumentsJson());
            assertThat(args.isObject()).as("arguments are an object: %s", got.argumentsJson()).isTrue();
            assertThat(Cases.jsonEquals(args, expCalls.get(i).path("arguments")))
                    .as("call %d arguments %s vs expected %s", i, got.argumentsJson(), expCalls.get(i).path("arguments"))
                    .isTrue();
            assertThat(got.dialect()).isNotNull();
        }
        JsonNode expContent = c.expect().path("content");
        if (expContent.isTextual()) {
            String want = expContent.asText().strip();
            String have = r.content().strip();
            if (expCalls.size() > 0) {
                want = Cases.collapse(want);
                have = Cases.collapse(have);
            }
            assertThat(have).as("content of %s", c.id()).isEqualTo(want);
        }
        if (expCalls.size() == 0) {
            assertThat(r.content()).as("text without calls comes back unchanged").isEqualTo(c.text());
        }
    }
}
