package io.aimux.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaExamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static JsonNode example(String schema) throws Exception {
        return SchemaExamples.example(json(schema));
    }

    @Test
    void scalarsHaveTypeCorrectValues() throws Exception {
        assertThat(example("{\"type\": \"string\"}")).isEqualTo(json("\"example\""));
        assertThat(example("{\"type\": \"integer\"}")).isEqualTo(json("1"));
        assertThat(example("{\"type\": \"integer\"}").isIntegralNumber()).isTrue();
        assertThat(example("{\"type\": \"number\"}")).isEqualTo(json("1.5"));
        assertThat(example("{\"type\": \"boolean\"}")).isEqualTo(json("true"));
        assertThat(example("{\"type\": \"null\"}").isNull()).isTrue();
        assertThat(example("{\"description\": \"untyped\"}")).isEqualTo(json("\"example\""));
    }

    @Test
    void enumConstAndDefaultWin() throws Exception {
        assertThat(example("{\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}")).isEqualTo(json("\"celsius\""));
        assertThat(example("{\"type\": \"integer\", \"enum\": [7, 9]}")).isEqualTo(json("7"));
        assertThat(example("{\"const\": \"fixed\", \"default\": \"other\"}")).isEqualTo(json("\"fixed\""));
        assertThat(example("{\"type\": \"integer\", \"default\": 42, \"enum\": [1, 42]}")).isEqualTo(json("42"));
    }

    @Test
    void objectsHoldEveryPropertyAndEveryRequiredName() throws Exception {
        JsonNode value = example("""
                {"type": "object",
                 "properties": {
                   "path": {"type": "string"},
                   "lines": {"type": "array", "items": {"type": "integer"}},
                   "options": {"type": "object", "properties": {
                       "recursive": {"type": "boolean"},
                       "depth": {"type": "number"},
                       "mode": {"type": "string", "enum": ["fast", "safe"]},
                       "owner": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}},
                 "required": ["path", "ticket"]}""");
        assertThat(value).isEqualTo(json("""
                {"path": "example", "lines": [1],
                 "options": {"recursive": true, "depth": 1.5, "mode": "fast", "owner": {"name": "example"}},
                 "ticket": "example"}"""));
    }

    @Test
    void arraysHoldOneValidItem() throws Exception {
        assertThat(example("""
                {"type": "array", "items": {"type": "object", "properties": {
                   "content": {"type": "string"},
                   "status": {"type": "string", "enum": ["pending", "in_progress", "completed"]}},
                 "required": ["content", "status"]}}""")).isEqualTo(json("""
                [{"content": "example", "status": "pending"}]"""));
        assertThat(example("{\"type\": \"array\"}")).isEqualTo(json("[\"example\"]"));
        assertThat(example("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}, \"minItems\": 2}")).isEqualTo(json("[1, 1]"));
    }

    @Test
    void boundsAndFormatsAreRespected() throws Exception {
        assertThat(example("{\"type\": \"integer\", \"minimum\": 5, \"maximum\": 10}")).isEqualTo(json("5"));
        assertThat(example("{\"type\": \"integer\", \"maximum\": 0}")).isEqualTo(json("0"));
        assertThat(example("{\"type\": \"integer\", \"exclusiveMinimum\": 1}")).isEqualTo(json("2"));
        assertThat(example("{\"type\": \"number\", \"minimum\": 10}")).isEqualTo(json("10.0"));
        assertThat(example("{\"type\": \"number\", \"maximum\": 1}")).isEqualTo(json("1.0"));
        assertThat(example("{\"type\": \"string\", \"minLength\": 10}").asText()).hasSize(10);
        assertThat(example("{\"type\": \"string\", \"maxLength\": 3}").asText()).isEqualTo("exa");
        assertThat(example("{\"type\": \"string\", \"format\": \"date\"}").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(example("{\"type\": \"string\", \"format\": \"email\"}").asText()).contains("@");
    }

    @Test
    void typeArraysCombinatorsAndRefs() throws Exception {
        assertThat(example("{\"type\": [\"null\", \"integer\"]}")).isEqualTo(json("1"));
        assertThat(example("{\"anyOf\": [{\"type\": \"null\"}, {\"type\": \"boolean\"}]}")).isEqualTo(json("true"));
        assertThat(example("{\"oneOf\": [{\"type\": \"number\"}, {\"type\": \"string\"}]}")).isEqualTo(json("1.5"));
        assertThat(example("""
                {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}},
                           {"type": "object", "properties": {"b": {"type": "boolean"}}}]}""")).isEqualTo(json("{\"a\": 1, \"b\": true}"));
        assertThat(example("""
                {"type": "object", "properties": {"item": {"$ref": "#/$defs/Item"}},
                 "$defs": {"Item": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}}}}"""))
                .isEqualTo(json("{\"item\": {\"sku\": \"example\", \"qty\": 1}}"));
    }

    @Test
    void recursiveSchemasTerminate() throws Exception {
        JsonNode value = example("""
                {"type": "object", "properties": {"name": {"type": "string"}, "child": {"$ref": "#"}}}""");
        assertThat(value.path("name").asText()).isEqualTo("example");
        assertThat(value.path("child").path("child").isObject()).isTrue();
    }

    @Test
    void argumentsAreAlwaysAnObject() throws Exception {
        assertThat(SchemaExamples.arguments(null)).isEqualTo(json("{}"));
        assertThat(SchemaExamples.arguments(json("{\"type\": \"object\"}"))).isEqualTo(json("{}"));
        assertThat(SchemaExamples.arguments(json("{\"type\": \"object\", \"properties\": {}}"))).isEqualTo(json("{}"));
        assertThat(SchemaExamples.arguments(json("{\"type\": \"string\"}"))).isEqualTo(json("{}"));
    }

    @Test
    void hostileSchemasGiveBoundedExamples() throws Exception {
        JsonNode huge = example("{\"type\": \"array\", \"minItems\": 2000000000, \"items\": {\"type\": \"string\", \"minLength\": 2000000000}}");
        assertThat(huge.size()).isEqualTo(SchemaExamples.MAX_ITEMS);
        assertThat(huge.get(0).asText()).hasSize(SchemaExamples.MAX_STRING);
        // each level refers twice to the next: 2^8 leaves per branch, 8 branches per level
        StringBuilder defs = new StringBuilder();
        for (int level = 0; level < 8; level++) {
            defs.append("\"l").append(level).append("\": {\"type\": \"object\", \"properties\": {");
            for (int p = 0; p < 8; p++) {
                defs.append(p > 0 ? "," : "").append("\"p").append(p).append("\": {\"$ref\": \"#/$defs/l").append(level + 1).append("\"}");
            }
            defs.append("}},");
        }
        defs.append("\"l8\": {\"type\": \"string\"}");
        JsonNode fanOut = example("{\"$ref\": \"#/$defs/l0\", \"$defs\": {" + defs + "}}");
        assertThat(fanOut.toString().length()).isLessThan(SchemaExamples.MAX_VALUES * 40);
    }
}
