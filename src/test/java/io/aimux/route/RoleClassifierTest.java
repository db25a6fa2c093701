package io.aimux.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.WireProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.aimux.route.RequestRole.BACKGROUND;
import static io.aimux.route.RequestRole.LONG_CONTEXT;
import static io.aimux.route.RequestRole.THINKING;
import static io.aimux.route.RequestRole.VISION;
import static io.aimux.route.RequestRole.WEB_SEARCH;
import static org.assertj.core.api.Assertions.assertThat;

/** Roles of requests shaped like the recorded agent requests (src/test/resources/agent-requests). */
class RoleClassifierTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RoleClassifier.Thresholds DEFAULTS = new RoleClassifier.Thresholds(60_000, 512);
    static final String CLAUDE_CODE_TURN = "claude-code/02-anthropic-tool-result.json";
    static final String OPENCODE_OPENAI_SIDE = "opencode/01-openai-side.json";
    static final String OPENCODE_OPENAI_TOOLS = "opencode/02-openai-tools.json";

    static ObjectNode recorded(String file) {
        try (InputStream in = RoleClassifierTest.class.getResourceAsStream("/agent-requests/" + file)) {
            return (ObjectNode) MAPPER.readTree(in).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claude Code's side request: a haiku model, a small limit, no tools, no thinking. */
    static void haikuSideRequest(ObjectNode body) {
        body.put("model", "claude-haiku-4-5-20251001").put("max_tokens", 512);
        body.remove("tools");
        body.remove("thinking");
        body.remove("output_config");
        body.remove("context_management");
    }

    static void withUserImage(ObjectNode body) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("messages")).add(json("""
                {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                 {"type":"text","text":"what is in this screenshot?"}]}"""));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                anthropic("Claude Code main turn: adaptive thinking, effort high", c -> {}, EnumSet.of(THINKING)),
                anthropic("main turn with effort medium", b -> ((ObjectNode) b.get("output_config")).put("effort", "medium"),
                        EnumSet.noneOf(RequestRole.class)),
                anthropic("main turn with effort max", b -> ((ObjectNode) b.get("output_config")).put("effort", "max"),
                        EnumSet.of(THINKING)),
                anthropic("adaptive thinking without effort defaults to high", b -> b.remove("output_config"),
                        EnumSet.of(THINKING)),
                anthropic("thinking disabled", b -> b.set("thinking", json("{\"type\":\"disabled\"}")),
                        EnumSet.noneOf(RequestRole.class)),
                anthropic("enabled thinking with a large budget", b -> {
                    b.remove("output_config");
                    b.set("thinking", json("{\"type\":\"enabled\",\"budget_tokens\":31999}"));
                }, EnumSet.of(THINKING)),
                anthropic("enabled thinking with a small budget", b -> {
                    b.remove("output_config");
                    b.set("thinking", json("{\"type\":\"enabled\",\"budget_tokens\":2000}"));
                }, EnumSet.noneOf(RequestRole.class)),
                anthropic("haiku side request", RoleClassifierTest::haikuSideRequest, EnumSet.of(BACKGROUND)),
                anthropic("haiku model even with tools and a large limit", b -> {
                    b.put("model", "claude-3-5-haiku-latest");
                    b.remove("thinking");
                }, EnumSet.of(BACKGROUND)),
                anthropic("quota probe: max_tokens 1, no tools", b -> {
                    b.put("max_tokens", 1);
                    b.remove("tools");
                    b.remove("thinking");
                }, EnumSet.of(BACKGROUND)),
                anthropic("small limit but tools declared is a main turn", b -> {
                    b.put("max_tokens", 256);
                    b.remove("thinking");
                }, EnumSet.noneOf(RequestRole.class)),
                anthropic("image in a user message", RoleClassifierTest::withUserImage, EnumSet.of(VISION, THINKING)),
                anthropic("image inside a tool result", b -> ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("messages"))
                        .add(json("""
                                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[
                                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}""")),
                        EnumSet.of(VISION, THINKING)),
                anthropic("web search server tool declared", b -> ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("tools"))
                        .add(json("{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":8}")),
                        EnumSet.of(WEB_SEARCH, THINKING)),
                openAi("opencode side request: no tools, limit 4096", OPENCODE_OPENAI_SIDE, b -> {},
                        EnumSet.noneOf(RequestRole.class)),
                openAi("OpenAI side request with a small limit", OPENCODE_OPENAI_SIDE, b -> b.put("max_tokens", 100),
                        EnumSet.of(BACKGROUND)),
                openAi("max_completion_tokens counts as the limit", OPENCODE_OPENAI_SIDE, b -> {
                    b.remove("max_tokens");
                    b.put("max_completion_tokens", 64);
                }, EnumSet.of(BACKGROUND)),
                openAi("reasoning_effort high", OPENCODE_OPENAI_TOOLS, b -> b.put("reasoning_effort", "high"),
                        EnumSet.of(THINKING)),
                openAi("reasoning_effort low", OPENCODE_OPENAI_TOOLS, b -> b.put("reasoning_effort", "low"),
                        EnumSet.noneOf(RequestRole.class)),
                openAi("image_url part", OPENCODE_OPENAI_TOOLS, b -> ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("messages"))
                        .add(json("""
                                {"role":"user","content":[{"type":"text","text":"look"},
                                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}""")),
                        EnumSet.of(VISION)),
                openAi("web_search_options", OPENCODE_OPENAI_TOOLS, b -> b.set("web_search_options", json("{}")),
                        EnumSet.of(WEB_SEARCH)));
    }

    static Arguments anthropic(String name, Consumer<ObjectNode> change, Set<RequestRole> expected) {
        return Arguments.of(name, WireProtocol.ANTHROPIC, CLAUDE_CODE_TURN, change, expected);
    }

    static Arguments openAi(String name, String file, Consumer<ObjectNode> change, Set<RequestRole> expected) {
        return Arguments.of(name, WireProtocol.OPENAI, file, change, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, WireProtocol protocol, String file, Consumer<ObjectNode> change, Set<RequestRole> expected) {
        ObjectNode body = recorded(file);
        change.accept(body);
        RoutingRequest request = new RoutingRequest(protocol, body, body.path("model").asText());
        assertThat(RoleClassifier.classify(request, DEFAULTS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longContextCases")
    void longContextIsTheEstimateAboveTheThreshold(String file, WireProtocol protocol) {
        ObjectNode body = recorded(file);
        RoutingRequest request = new RoutingRequest(protocol, body, "any");
        long estimate = request.tokenEstimate();
        assertThat(estimate).isGreaterThan(100);
        assertThat(RoleClassifier.matches(LONG_CONTEXT, request, new RoleClassifier.Thresholds(estimate - 1, 512))).isTrue();
        assertThat(RoleClassifier.matches(LONG_CONTEXT, request, new RoleClassifier.Thresholds(estimate, 512))).isFalse();
    }

    static Stream<Arguments> longContextCases() {
        return Stream.of(Arguments.of(CLAUDE_CODE_TURN, WireProtocol.ANTHROPIC),
                Arguments.of(OPENCODE_OPENAI_TOOLS, WireProtocol.OPENAI));
    }
}
