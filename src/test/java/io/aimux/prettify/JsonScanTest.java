package io.aimux.prettify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonScanTest {

    @Test
    void endsOfCompleteValues() {
        assertThat(JsonScan.scan("{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\n\"]} tail", 0)).isEqualTo(43);
        assertThat(JsonScan.scan("  []", 0)).isEqualTo(4);
        assertThat(JsonScan.scan("{}", 0)).isEqualTo(2);
    }

    @Test
    void everyPrefixOfAValidValueIsIncomplete() {
        String v = "{\"name\": \"get_weather\", \"arguments\": {\"n\": -12.5E+3, \"ok\": false, \"s\": \"a\\\"b\\u0041\", \"l\": [null, {}]}}";
        for (int i = 0; i < v.length(); i++) {
            assertThat(JsonScan.scan(v.substring(0, i), 0)).as("prefix %d", i).isEqualTo(JsonScan.INCOMPLETE);
        }
        assertThat(JsonScan.scan(v, 0)).isEqualTo(v.length());
    }

    @Test
    void invalidTextIsRejectedEarly() {
        assertThat(JsonScan.scan("{city: 1", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("{\"a\" 1", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("{\"a\": 01", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("[1,]", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("{\"a\": tru e", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("\"\\x\"", 0)).isEqualTo(JsonScan.INVALID);
        assertThat(JsonScan.scan("[".repeat(JsonScan.MAX_DEPTH + 1), 0)).isEqualTo(JsonScan.INVALID);
    }

    @Test
    void recordsTheCallObjectName() {
        JsonScan.TopLevel top = new JsonScan.TopLevel();
        JsonScan.scan("{\"arguments\": {\"name\": \"inner\"}, \"name\": \"get_w", 0, top);
        assertThat(top.keys).containsExactly("arguments", "name");
        assertThat(top.name).isEqualTo("get_w");
        assertThat(top.nameComplete).isFalse();
        top = new JsonScan.TopLevel();
        JsonScan.scan("[{\"name\": \"a\"}, {\"name\": \"b\", \"x", 0, top);
        assertThat(top.name).isEqualTo("b");
        assertThat(top.nameComplete).isTrue();
        top = new JsonScan.TopLevel();
        JsonScan.scan("[1, {", 0, top);
        assertThat(top.nonObjectElement).isTrue();
    }
}
