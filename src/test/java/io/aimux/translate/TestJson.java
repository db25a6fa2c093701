package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Test helper: JSON literals written with single quotes. */
final class TestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {}

    /** Parses JSON in which a single quote stands for a double quote. */
    static ObjectNode obj(String text) {
        return (ObjectNode) node(text);
    }

    static JsonNode node(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
