package io.aimux.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CorpusJsonTest {

    private static JsonNode json(String text) {
        return CorpusJson.parseOrNull(text);
    }

    @Test
    void deepEqualityIsNumericAndStrict() {
        assertThat(CorpusJson.deepEquals(json("{\"a\":3,\"b\":[1,{\"c\":true}]}"), json("{\"b\":[1.0,{\"c\":true}],\"a\":3.0}"))).isTrue();
        assertThat(CorpusJson.deepEquals(json("{\"a\":3}"), json("{\"a\":\"3\"}"))).isFalse();
        assertThat(CorpusJson.deepEquals(json("{\"a\":3}"), json("{\"a\":3,\"b\":null}"))).isFalse();
        assertThat(CorpusJson.deepEquals(json("[1,2]"), json("[2,1]"))).isFalse();
    }

    @Test
    void subsetRules() {
        assertThat(CorpusJson.subsetMismatch(json("{\"a\":{\"b\":1}}"), json("{\"a\":{\"b\":1.0,\"c\":2},\"d\":3}"))).isNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"a\":[{\"b\":1}]}"), json("{\"a\":[{\"b\":1},{\"b\":2}]}"))).contains("1 items");
        assertThat(CorpusJson.subsetMismatch(json("{\"a\":1}"), json("{}"))).contains("missing");
        assertThat(CorpusJson.subsetMismatch(json("{\"arguments\":\"{\\\"x\\\":1}\"}"), json("{\"arguments\":\"{ \\\"x\\\": 1.0 }\"}"))).isNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"arguments\":\"{\\\"x\\\":1}\"}"), json("{\"arguments\":\"{\\\"x\\\":2}\"}"))).isNotNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"content\":\"Hi there\"}"),
                json("{\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},{\"type\":\"text\",\"text\":\"there\"}]}"))).isNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"content\":\"Hi\"}"),
                json("{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}"))).isNotNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"s\":null,\"t\":false}"), json("{\"s\":null,\"t\":false}"))).isNull();
        assertThat(CorpusJson.subsetMismatch(json("{\"t\":false}"), json("{\"t\":\"false\"}"))).isNotNull();
    }
}
