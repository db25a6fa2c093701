package io.aimux.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays what real agents sent (src/test/resources/agent-requests, recorded by the agent
 * harness) through both directions of translation and through passthrough fitting, and checks
 * the result against docs/compatibility.md. A new agent release that sends a field, role or
 * block the table does not list fails here, naming it.
 */
class AgentRequestReplayTest {

    private static final Path CORPUS = Path.of("src/test/resources/agent-requests");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UpstreamFeatures FIRST_PARTY = new UpstreamFeatures(true, true, true, null, true, null);
    private static final Set<String> OPENAI_REQUEST_FIELDS = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "stop", "stream", "stream_options", "safety_identifier", "reasoning_effort",
            "response_format", "prompt_cache_key", "tools", "tool_choice", "parallel_tool_calls");
    private static final Set<String> ANTHROPIC_REQUEST_FIELDS = Set.of("model", "messages", "max_tokens", "system",
            "metadata", "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "output_config");

    record Recording(String name, JsonNode json) {
        String api() {
            return json.path("api").asText();
        }

        ObjectNode body() {
            return (ObjectNode) json.get("body").deepCopy();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Recording> recordings() throws IOException {
        List<Recording> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = MAPPER.readTree(file.toFile());
                if (json.path("body").path("messages").isArray()) {
                    all.add(new Recording(CORPUS.relativize(file).toString(), json));
                }
            }
        }
        assertThat(all).as("recorded agent requests").hasSizeGreaterThan(10);
        return all.stream();
    }

    /** What Codex and the OpenAI Agents SDK sent to {@code /v1/responses} (recordings with {@code body.input}). */
    static Stream<Recording> responsesRecordings() throws IOException {
        List<Recording> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = MAPPER.readTree(file.toFile());
                if (json.path("body").has("input")) {
                    all.add(new Recording(CORPUS.relativize(file).toString(), json));
                }
            }
        }
        assertThat(all).as("recorded Responses requests").hasSizeGreaterThanOrEqualTo(8);
        return all.stream();
    }

    /**
     * Each recorded Responses request converts to a valid Chat Completions request (what
     * OpenAI-type upstreams get) and on to a valid Messages request (Anthropic-type upstreams):
     * every function call answered by one tool result with the same id, every declared tool
     * offered (hosted ones dropped, tool groups flattened), only fields the table lists.
     */
    @ParameterizedTest
    @MethodSource("responsesRecordings")
    void responsesRequestsConvertToBothUpstreamDialects(Recording recording) {
        ObjectNode body = recording.body();
        Set<String> fields = new HashSet<>();
        CompatibilityTableTest.table("## OpenAI Responses requests").forEach(r -> fields.add(r.field()));
        assertThat(fields).as("the Responses table").contains("input", "tools", "reasoning", "include", "store");
        List<String> dropped = new ArrayList<>();
        ResponsesToChat.Converted converted = ResponsesToChat.convert(body, null, dropped::add);
        ObjectNode chat = converted.chat();
        OpenAiRequestValidator.validate(chat.deepCopy());
        assertThat(chat.properties()).allSatisfy(e -> assertThat(OPENAI_REQUEST_FIELDS).contains(e.getKey()));
        assertThat(chat.toString()).as("no device identifiers upstream").doesNotContain("x-codex-installation-id");
        chat.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("system", "developer", "user", "assistant", "tool"));
        long offered = 0;
        for (JsonNode tool : body.path("tools")) {
            String type = tool.path("type").asText();
            offered += type.equals("function") || type.equals("custom") ? 1 : type.equals("namespace") ? tool.path("tools").size() : 0;
        }
        assertThat(chat.path("tools").size()).as("function, custom and grouped tools offered").isEqualTo((int) offered);
        chat.path("tools").forEach(t -> assertThat(t.path("type").asText()).isEqualTo("function"));
        List<String> calls = openAiCallIds(chat);
        List<String> results = new ArrayList<>();
        chat.get("messages").forEach(m -> {
            if (m.path("role").asText().equals("tool")) {
                results.add(m.path("tool_call_id").asText());
            }
        });
        assertThat(results).as("each call answered once, in order").isEqualTo(calls);
        int recordedCalls = 0;
        for (JsonNode item : body.get("input")) {
            recordedCalls += item.path("type").asText().matches("function_call|custom_tool_call") ? 1 : 0;
        }
        assertThat(calls).hasSize(recordedCalls);

        ObjectNode chatForAnthropic = chat.deepCopy();
        ObjectNode anthropic = OpenAiToAnthropic.request(chatForAnthropic, "up", UpstreamFeatures.BASIC, dropped::add);
        assertThat(anthropic.properties()).allSatisfy(e -> assertThat(ANTHROPIC_REQUEST_FIELDS).contains(e.getKey()));
        anthropic.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("user", "assistant"));
        assertThat(toolIds(anthropic, "tool_use", "id")).isEqualTo(calls);
        assertThat(toolIds(anthropic, "tool_result", "tool_use_id")).isEqualTo(calls);
        ResponsesToChat.stripThinkingBlocks(chat);
        assertThat(chat.toString()).as("thinking blocks reach Anthropic-type upstreams only").doesNotContain(ResponsesToChat.THINKING_BLOCKS);
    }

    private static Set<String> listed(List<CompatibilityTableTest.Row> rows) {
        Set<String> names = new HashSet<>();
        rows.forEach(r -> names.add(r.field().contains(".") ? r.field().substring(0, r.field().indexOf('.')) : r.field()));
        return names;
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void everyFieldAndBlockIsInTheTable(Recording recording) {
        ObjectNode body = recording.body();
        boolean anthropic = recording.api().equals("anthropic");
        Set<String> fields = listed(anthropic ? CompatibilityTableTest.anthropicFields() : CompatibilityTableTest.openAiFields());
        body.fieldNames().forEachRemaining(field -> assertThat(fields)
                .as("%s sends top-level field '%s': add a row to docs/compatibility.md", recording, field).contains(field));
        if (anthropic) {
            Set<String> blocks = listed(CompatibilityTableTest.anthropicBlocks());
            for (JsonNode message : body.get("messages")) {
                String role = message.path("role").asText();
                assertThat(role.equals("user") || role.equals("assistant") || blocks.contains(role))
                        .as("%s sends role '%s': add a row", recording, role).isTrue();
                for (JsonNode block : message.path("content")) {
                    assertThat(blocks).as("%s sends block '%s': add a row", recording, block.path("type").asText())
                            .contains(block.path("type").asText());
                    for (JsonNode inner : block.path("content")) {
                        if (inner.isObject()) {
                            assertThat(blocks).as("%s sends block '%s' in a tool result", recording, inner.path("type").asText())
                                    .contains(inner.path("type").asText());
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void translatesToTheOtherProtocolAsTheTableSays(Recording recording) {
        ObjectNode body = recording.body();
        List<String> dropped = new ArrayList<>();
        if (recording.api().equals("anthropic")) {
            AnthropicRequestValidator.validate(body);
            ObjectNode out = AnthropicToOpenAi.request(body, "up", UpstreamFeatures.BASIC, dropped::add);
            assertThat(out.properties()).allSatisfy(e -> assertThat(OPENAI_REQUEST_FIELDS).contains(e.getKey()));
            assertThat(out.toString()).doesNotContain("\"cache_control\"").doesNotContain("\"defer_loading\"")
                    .doesNotContain("x-anthropic-billing-header");
            out.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("system", "user", "assistant", "tool"));
            assertThat(toolIds(body, "tool_use", "id")).isEqualTo(openAiCallIds(out));
            assertDroppedAsListed(dropped, CompatibilityTableTest.anthropicFields(), recording);
            assertThat(out.has("user") || out.has("safety_identifier")).as("no device identifier by default").isFalse();
        } else {
            OpenAiRequestValidator.validate(body);
            ObjectNode out = OpenAiToAnthropic.request(body, "up", UpstreamFeatures.BASIC, dropped::add);
            assertThat(out.properties()).allSatisfy(e -> assertThat(ANTHROPIC_REQUEST_FIELDS).contains(e.getKey()));
            out.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("user", "assistant"));
            assertThat(toolIds(out, "tool_use", "id")).isEqualTo(openAiCallIds(body));
            assertDroppedAsListed(dropped, CompatibilityTableTest.openAiFields(), recording);
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void passthroughFitsOnlyWhatTheHostLacks(Recording recording) {
        if (!recording.api().equals("anthropic")) {
            return; // OpenAI-type upstreams get the request as sent (only model and usage options change)
        }
        ObjectNode sent = recording.body();
        ObjectNode firstParty = sent.deepCopy();
        AnthropicToAnthropic.adapt(firstParty, FIRST_PARTY, f -> { });
        assertThat(firstParty).isEqualTo(sent);
        ObjectNode basic = sent.deepCopy();
        AnthropicToAnthropic.adapt(basic, UpstreamFeatures.BASIC, f -> { });
        basic.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("user", "assistant"));
        assertThat(basic.toString()).doesNotContain("\"defer_loading\"").doesNotContain("\"tool_reference\"")
                .doesNotContain("x-anthropic-billing-header");
        assertThat(basic.has("context_management")).isFalse();
        assertThat(basic.path("metadata").has("user_id")).isFalse();
        if (sent.has("tools")) {
            long offered = 0;
            for (JsonNode tool : sent.get("tools")) {
                offered += tool.path("defer_loading").asBoolean(false) ? 0 : 1;
            }
            assertThat(basic.get("tools")).as("every tool not deferred still offered").hasSize((int) offered);
        }
    }

    /**
     * A dropped field must be one the table drops (or maps only under a condition it names, saying
     * "dropped" otherwise), or one it does not list at all.
     */
    private static void assertDroppedAsListed(List<String> dropped, List<CompatibilityTableTest.Row> rows, Recording recording) {
        for (String field : dropped) {
            rows.stream().filter(r -> r.field().equals(field)).findFirst().ifPresent(row -> assertThat(
                    row.policy().equals("dropped") || row.translated().contains("dropped"))
                    .as("%s: '%s' was dropped but the table says %s", recording, field, row.translated()).isTrue());
        }
    }

    private static List<String> toolIds(JsonNode anthropic, String type, String idField) {
        List<String> ids = new ArrayList<>();
        for (JsonNode message : anthropic.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if (type.equals(block.path("type").asText())) {
                    ids.add(block.path(idField).asText());
                }
            }
        }
        return ids;
    }

    private static List<String> openAiCallIds(JsonNode openAi) {
        List<String> ids = new ArrayList<>();
        for (JsonNode message : openAi.path("messages")) {
            for (JsonNode call : message.path("tool_calls")) {
                ids.add(call.path("id").asText());
            }
        }
        return ids;
    }
}
