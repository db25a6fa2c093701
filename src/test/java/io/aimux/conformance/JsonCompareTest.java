package io.aimux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonCompareTest {

    private static JsonNode json(String text) {
        return JsonCompare.parseOrNull(text);
    }

    @Test
    void deepEqualityIsNumericAndStrict() {
        assertThat(JsonCompare.deepEquals(json("{\"a\":3,\"b\":[1,{\"c\":true}]}"), json("{\"b\":[1.0,{\"c\":true}],\"a\":3.0}"))).isTrue();
        assertThat(JsonCompare.deepEquals(json("{\"a\":3}"), json("{\"a\":\"3\"}"))).isFalse();
        assertThat(JsonCompare.deepEquals(json("{\"a\":3}"), json("{\"a\":3,\"b\":null}"))).isFalse();
        assertThat(JsonCompare.deepEquals(json("[1,2]"), json("[2,1]"))).isFalse();
    }

    @Test
    void subsetRules() {
        assertThat(JsonCompare.subsetMismatch(json("{\"a\":{\"b\":1}}"), json("{\"a\":{\"b\":1.0,\"c\":2},\"d\":3}"))).isNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"a\":[{\"b\":1}]}"), json("{\"a\":[{\"b\":1},{\"b\":2}]}"))).contains("1 items");
        assertThat(JsonCompare.subsetMismatch(json("{\"a\":1}"), json("{}"))).contains("missing");
        assertThat(JsonCompare.subsetMismatch(json("{\"arguments\":\"{\\\"x\\\":1}\"}"), json("{\"arguments\":\"{ \\\"x\\\": 1.0 }\"}"))).isNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"arguments\":\"{\\\"x\\\":1}\"}"), json("{\"arguments\":\"{\\\"x\\\":2}\"}"))).isNotNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"content\":\"Hi there\"}"),
                json("{\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},{\"type\":\"text\",\"text\":\"there\"}]}"))).isNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"content\":\"Hi\"}"),
                json("{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}"))).isNotNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"s\":null,\"t\":false}"), json("{\"s\":null,\"t\":false}"))).isNull();
        assertThat(JsonCompare.subsetMismatch(json("{\"t\":false}"), json("{\"t\":\"false\"}"))).isNotNull();
    }
}
