package io.aimux.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.FinishReason;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.UpstreamRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockProviderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEATHER_TOOL = """
            {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
             "parameters": {"type": "object", "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
              "required": ["city"]}}}""";
    static final String SEARCH_TOOL = """
            {"type": "function", "function": {"name": "search", "parameters": {"type": "object",
              "properties": {"query": {"type": "string"}, "limit": {"type": "integer"},
                             "exact": {"type": "boolean"}, "tags": {"type": "array", "items": {"type": "string"}}},
              "required": ["query"]}}}""";

    static Vertx vertx;
    MockProvider provider;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void newProvider() {
        provider = new MockProvider("mock", vertx);
    }

    static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode userSays(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body;
    }

    UpstreamReply send(String model, ObjectNode body) {
        return provider.send(new UpstreamRequest(model, body, true)).await().atMost(Duration.ofSeconds(5));
    }

    EventCollector run(String model, ObjectNode body) throws InterruptedException {
        UpstreamReply reply = send(model, body);
        EventCollector sink = new EventCollector();
        reply.streamEvents(sink);
        sink.awaitEnd();
        assertThat(sink.endCalls).hasValue(1);
        return sink;
    }

    static GatewayException failure(MockProvider provider, String model, ObjectNode body) {
        Throwable thrown = catchFailure(() -> provider.send(new UpstreamRequest(model, body, true))
                .await().atMost(Duration.ofSeconds(5)));
        assertThat(thrown).isInstanceOf(GatewayException.class);
        return (GatewayException) thrown;
    }

    static Throwable catchFailure(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }

    // ---------------------------------------------------------------- basics

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("mock");
        assertThat(provider.protocol()).isEqualTo(WireProtocol.OPENAI);
        assertThat(MockProvider.models()).containsExactly(
                "echo", "tool", "think", "slow", "error-429", "error-500", "flaky", "truncated", "length",
                "hermes", "qwen3-xml", "glm", "anthropic-xml", "mistral", "llama", "deepseek", "kimi",
                "harmony", "fenced-json");
    }

    @Test
    void replyIsEventsOnly() {
        UpstreamReply reply = send("echo", userSays("hi"));
        assertThat(reply.protocol()).isNull();
        assertThatThrownBy(() -> reply.streamBytes(b -> {}, t -> {}))
                .isInstanceOf(UnsupportedOperationException.class);
        reply.pause();
        reply.resume();
        reply.cancel();
    }

    // ---------------------------------------------------------------- echo

    @Test
    void echoRepeatsLastUserMessageInSmallChunks() throws Exception {
        String text = "The quick brown fox jumps over the lazy dog, twice, for good measure.";
        ObjectNode body = body("""
                {"model": "mock/echo", "messages": [
                  {"role": "system", "content": "be brief"},
                  {"role": "user", "content": "earlier question"},
                  {"role": "assistant", "content": "earlier answer"},
                  {"role": "user", "content": "%s"}]}""".formatted(text));
        EventCollector sink = run("echo", body);

        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");
        assertThat(sink.text()).isEqualTo(text);
        assertThat(sink.textDeltas()).hasSizeGreaterThan(3).allSatisfy(chunk -> assertThat(chunk.length()).isBetween(1, 12));
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
        ChatEvent.UsageReport usage = (ChatEvent.UsageReport) sink.snapshot().get(sink.size() - 2);
        assertThat(usage.usage().outputTokens()).isEqualTo(text.length() / 4);
        long requestChars = "be brief".length() + "earlier question".length() + "earlier answer".length() + text.length();
        assertThat(usage.usage().inputTokens()).isEqualTo(requestChars / 4);
        assertThat(sink.threads).allSatisfy(thread -> assertThat(thread).startsWith("vert.x-eventloop"));
    }

    @Test
    void echoJoinsTextPartsAndSkipsImages() throws Exception {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": [
                  {"type": "text", "text": "first part"},
                  {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                  {"type": "text", "text": "second part"}]}]}""");
        assertThat(run("echo", body).text()).isEqualTo("first part\nsecond part");
    }

    @Test
    void echoOfEmptyMessageIsAFixedSentence() throws Exception {
        EventCollector sink = run("echo", userSays(""));
        assertThat(sink.text()).isEqualTo(MockProvider.EMPTY_ECHO_TEXT);
        assertThat(run("echo", body("{}")).text()).isEqualTo(MockProvider.EMPTY_ECHO_TEXT);
        assertThat(sink.snapshot()).filteredOn(e -> e instanceof ChatEvent.UsageReport)
                .singleElement().satisfies(e -> assertThat(((ChatEvent.UsageReport) e).usage().inputTokens()).isEqualTo(1));
    }

    @Test
    void echoHonoursMaxTokens() throws Exception {
        ObjectNode body = userSays("0123456789abcdefghijklmnopqrstuvwxyz");
        body.put("max_tokens", 5);
        EventCollector sink = run("echo", body);
        assertThat(sink.text()).isEqualTo("0123456789abcdefghij");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.LENGTH));
        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");

        ObjectNode completion = userSays("0123456789abcdefghijklmnopqrstuvwxyz");
        completion.put("max_completion_tokens", 2);
        assertThat(run("echo", completion).text()).isEqualTo("01234567");

        ObjectNode roomy = userSays("short");
        roomy.put("max_tokens", 100);
        assertThat(run("echo", roomy).last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
    }

    @Test
    void echoHonoursStopSequences() throws Exception {
        ObjectNode body = userSays("alpha beta END gamma STOP delta");
        body.putArray("stop").add("STOP").add("END");
        EventCollector sink = run("echo", body);
        assertThat(sink.text()).isEqualTo("alpha beta ");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP_SEQUENCE, "END"));

        ObjectNode single = userSays("one, two; three");
        single.put("stop", ";");
        EventCollector singleSink = run("echo", single);
        assertThat(singleSink.text()).isEqualTo("one, two");
        assertThat(singleSink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP_SEQUENCE, ";"));

        ObjectNode absent = userSays("nothing to stop here");
        absent.put("stop", "###");
        assertThat(run("echo", absent).last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
    }

    @Test
    void streamEventsNeverBlocksTheCaller() {
        UpstreamReply reply = send("echo", userSays("some text to stream back"));
        EventCollector sink = new EventCollector();
        reply.streamEvents(sink);
        // nothing may be delivered on the calling thread
        assertThat(sink.threads).doesNotContain(Thread.currentThread().getName());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCalls.get() == 1);
        assertThatThrownBy(() -> reply.streamEvents(new EventCollector())).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- tool

    @Test
    void toolCallsFirstDeclaredToolWithSchemaValidArguments() throws Exception {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": "search please"}],
                 "tools": [%s, %s]}""".formatted(SEARCH_TOOL, WEATHER_TOOL));
        EventCollector sink = run("tool", body);

        assertThat(sink.shape()).containsExactly("ToolCallStart", "ToolCallDelta", "UsageReport", "Finish");
        ChatEvent.ToolCallStart start = (ChatEvent.ToolCallStart) sink.snapshot().get(0);
        assertThat(start.index()).isZero();
        assertThat(start.name()).isEqualTo("search");
        assertThat(start.id()).startsWith("call_mock_");
        assertThat(sink.snapshot()).filteredOn(e -> e instanceof ChatEvent.ToolCallDelta).hasSizeGreaterThan(2);
        JsonNode args = JSON.readTree(sink.arguments(0));
        assertThat(args).isEqualTo(JSON.readTree("""
                {"query": "example", "limit": 1, "exact": true, "tags": ["example"]}"""));
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.TOOL_CALLS));
        assertThat(sink.text()).isEmpty();
    }

    @Test
    void toolHonoursForcedToolChoice() throws Exception {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": "weather?"}],
                 "tools": [%s, %s],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}}}"""
                .formatted(SEARCH_TOOL, WEATHER_TOOL));
        EventCollector sink = run("tool", body);
        assertThat(((ChatEvent.ToolCallStart) sink.snapshot().get(0)).name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(sink.arguments(0))).isEqualTo(JSON.readTree("{\"city\":\"example\",\"unit\":\"celsius\"}"));
    }

    @Test
    void toolChoiceNamingUndeclaredToolIsInvalid() {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": "x"}], "tools": [%s],
                 "tool_choice": {"type": "function", "function": {"name": "nope"}}}""".formatted(WEATHER_TOOL));
        assertThat(failure(provider, "tool", body).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    }

    @Test
    void toolCallIdsDifferBetweenCalls() throws Exception {
        ObjectNode body = body("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [%s]}"
                .formatted(WEATHER_TOOL));
        String first = ((ChatEvent.ToolCallStart) run("tool", body).snapshot().get(0)).id();
        String second = ((ChatEvent.ToolCallStart) run("tool", body).snapshot().get(0)).id();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void toolAnswersInTextAfterToolResult() throws Exception {
        ObjectNode body = body("""
                {"messages": [
                  {"role": "user", "content": "weather in Lyon?"},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Lyon\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "sunny, 21 C"}],
                 "tools": [%s]}""".formatted(WEATHER_TOOL));
        EventCollector sink = run("tool", body);
        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");
        assertThat(sink.text()).contains("get_weather: sunny, 21 C");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
    }

    @Test
    void toolWithoutToolsExplainsInText() throws Exception {
        EventCollector sink = run("tool", userSays("call something"));
        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");
        assertThat(sink.text()).contains("No tool was declared");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));

        ObjectNode none = body("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [%s], \"tool_choice\": \"none\"}"
                .formatted(WEATHER_TOOL));
        EventCollector noneSink = run("tool", none);
        assertThat(noneSink.text()).contains("none");
        assertThat(noneSink.shape()).doesNotContain("ToolCallStart");
    }

    @Test
    void toolWithEmptySchemaSendsEmptyObjectInFragments() throws Exception {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": "x"}],
                 "tools": [{"type": "function", "function": {"name": "ping"}}]}""");
        EventCollector sink = run("tool", body);
        assertThat(sink.arguments(0)).isEqualTo("{}");
        assertThat(sink.snapshot()).filteredOn(e -> e instanceof ChatEvent.ToolCallDelta).hasSize(2);
    }

    // ---------------------------------------------------------------- think

    @Test
    void thinkEmitsReasoningSignatureThenText() throws Exception {
        EventCollector sink = run("think", userSays("What is two plus two?"));
        assertThat(sink.shape()).containsExactly(
                "ThinkingDelta", "SignatureDelta", "TextDelta", "UsageReport", "Finish");
        assertThat(sink.snapshot()).filteredOn(e -> e instanceof ChatEvent.ThinkingDelta).hasSizeGreaterThan(1);
        assertThat(sink.thinking()).contains("What is two plus two?");
        assertThat(sink.snapshot()).filteredOn(e -> e instanceof ChatEvent.SignatureDelta).singleElement()
                .asInstanceOf(type(ChatEvent.SignatureDelta.class))
                .satisfies(s -> assertThat(s.signature()).isEqualTo(MockProvider.signature(sink.thinking())));
        assertThat(sink.text()).isEqualTo("What is two plus two?");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
    }

    // ---------------------------------------------------------------- slow

    @Test
    void slowSpacesChunksAndSendsFirstAtOnce() throws Exception {
        long sent = System.nanoTime();
        UpstreamReply reply = send("slow", userSays("one two three four"));
        EventCollector sink = new EventCollector();
        reply.streamEvents(sink);
        sink.awaitEnd();
        List<String> chunks = sink.textDeltas();
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sink.text()).isEqualTo("one two three four");
        assertThat(TimeUnit.NANOSECONDS.toMillis(sink.arrivalNanos.get(0) - sent)).isLessThan(MockProvider.SLOW_CHUNK_DELAY_MS);
        for (int i = 1; i < chunks.size(); i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(sink.arrivalNanos.get(i) - sink.arrivalNanos.get(i - 1));
            assertThat(gap).isGreaterThanOrEqualTo(MockProvider.SLOW_CHUNK_DELAY_MS - 20);
        }
        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelStopsEmissionAtOnce() throws Exception {
        long before = MockProvider.cancellations();
        UpstreamReply reply = send("slow", userSays("a fairly long text that takes a while to stream back slowly"));
        EventCollector sink = new EventCollector();
        reply.streamEvents(sink);
        assertThat(sink.first.await(2, TimeUnit.SECONDS)).isTrue();
        reply.cancel();
        int seen = sink.size();
        Thread.sleep(3 * MockProvider.SLOW_CHUNK_DELAY_MS);
        assertThat(sink.size()).isEqualTo(seen).isLessThanOrEqualTo(2);
        assertThat(sink.endCalls).hasValue(0);
        reply.cancel(); // idempotent
        assertThat(MockProvider.cancellations() - before).isEqualTo(1);
        assertThat(provider.cancelledReplies()).isEqualTo(1);
    }

    @Test
    void cancelOnTheEventLoopStopsAFastStreamImmediately() throws Exception {
        UpstreamReply reply = send("echo", userSays("x".repeat(400)));
        EventCollector sink = new EventCollector() {
            @Override
            public synchronized void accept(ChatEvent event) {
                super.accept(event);
                if (events.size() == 3) {
                    reply.cancel();
                }
            }
        };
        reply.streamEvents(sink);
        Thread.sleep(200);
        assertThat(sink.size()).isEqualTo(3);
        assertThat(sink.endCalls).hasValue(0);
    }

    @Test
    void cancelBeforeStreamingEmitsNothing() throws Exception {
        UpstreamReply reply = send("echo", userSays("hello"));
        reply.cancel();
        EventCollector sink = new EventCollector();
        reply.streamEvents(sink);
        Thread.sleep(100);
        assertThat(sink.size()).isZero();
        assertThat(sink.endCalls).hasValue(0);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void error429FailsRateLimitedBeforeAnyEvent() {
        GatewayException e = failure(provider, "error-429", userSays("x"));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.getMessage()).isEqualTo("mock rate limit");
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void error500FailsUpstream() {
        GatewayException e = failure(provider, "error-500", userSays("x"));
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(e.kind().retryable()).isTrue();
    }

    @Test
    void flakyAlternatesFailureAndEcho() throws Exception {
        assertThat(failure(provider, "flaky", userSays("x")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(run("flaky", userSays("second call")).text()).isEqualTo("second call");
        assertThat(failure(provider, "flaky", userSays("x")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(run("flaky", userSays("fourth call")).last()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
        // the counter belongs to the instance
        assertThat(failure(new MockProvider("mock", vertx), "flaky", userSays("x")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void flakyRetryOfTheSameUniSucceeds() {
        UpstreamReply reply = provider.send(new UpstreamRequest("flaky", userSays("x"), true))
                .onFailure().retry().atMost(1)
                .await().atMost(Duration.ofSeconds(5));
        assertThat(reply).isNotNull();
    }

    @Test
    void truncatedEndsWithoutFinish() throws Exception {
        EventCollector sink = run("truncated", userSays("this answer will be cut off"));
        assertThat(sink.shape()).containsExactly("TextDelta");
        assertThat(sink.textDeltas()).hasSizeGreaterThan(1);
        assertThat(sink.snapshot()).noneMatch(e -> e instanceof ChatEvent.Finish || e instanceof ChatEvent.Failure);
    }

    @Test
    void lengthFinishesWithLength() throws Exception {
        EventCollector sink = run("length", userSays("a reply that stops early"));
        assertThat(sink.shape()).containsExactly("TextDelta", "UsageReport", "Finish");
        assertThat(sink.text()).isEqualTo("a reply that stops early");
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.LENGTH));
    }

    @Test
    void unknownModelFailsNotFound() {
        GatewayException e = failure(provider, "gpt-9", userSays("x"));
        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("model 'mock/gpt-9' does not exist; available: echo, tool, think")
                .contains("fenced-json");
    }

    @Test
    void sendIsLazy() {
        provider.send(new UpstreamRequest("flaky", userSays("x"), true)); // never subscribed: not a call
        assertThat(failure(provider, "flaky", userSays("x")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    // ---------------------------------------------------------------- text dialects

    @Test
    void everyDialectWritesTheCallAsTextWithCutTags() throws Exception {
        ObjectNode body = body("""
                {"messages": [{"role": "user", "content": "weather in Lyon?"}], "tools": [%s]}"""
                .formatted(WEATHER_TOOL));
        for (TextDialect dialect : TextDialect.values()) {
            EventCollector sink = run(dialect.model(), body);
            ObjectNode args = (ObjectNode) JSON.readTree("{\"city\": \"example\", \"unit\": \"celsius\"}");
            String expected = dialect.render("get_weather", args);
            assertThat(sink.text()).as(dialect.model()).isEqualTo(expected);
            assertThat(sink.shape()).as(dialect.model()).containsExactly("TextDelta", "UsageReport", "Finish");
            assertThat(sink.last()).as(dialect.model()).isEqualTo(new ChatEvent.Finish(FinishReason.STOP));
            String opening = dialect.cutMarkers().get(0);
            assertThat(cutAcross(sink.textDeltas(), opening)).as(dialect.model() + " cuts " + opening).isTrue();
        }
    }

    /** Whether some chunk boundary falls strictly inside an occurrence of {@code marker}. */
    static boolean cutAcross(List<String> chunks, String marker) {
        String text = String.join("", chunks);
        java.util.Set<Integer> boundaries = new java.util.HashSet<>();
        int offset = 0;
        for (String chunk : chunks) {
            offset += chunk.length();
            boundaries.add(offset);
        }
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            for (int i = at + 1; i < at + marker.length(); i++) {
                if (boundaries.contains(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void dialectsWithoutToolsEcho() throws Exception {
        for (TextDialect dialect : TextDialect.values()) {
            EventCollector sink = run(dialect.model(), userSays("no tools here"));
            assertThat(sink.text()).as(dialect.model()).isEqualTo("no tools here");
        }
    }

    @Test
    void dialectsSummariseToolResults() throws Exception {
        ObjectNode body = body("""
                {"messages": [
                  {"role": "user", "content": "weather?"},
                  {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "c1", "content": "rain"}],
                 "tools": [%s]}""".formatted(WEATHER_TOOL));
        EventCollector sink = run("hermes", body);
        assertThat(sink.text()).contains("get_weather: rain").doesNotContain("<tool_call>");
    }

    @Test
    void llamaMessageIsOnlyTheCall() throws Exception {
        ObjectNode body = body("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [%s]}"
                .formatted(WEATHER_TOOL));
        EventCollector sink = run("llama", body);
        assertThat(sink.text()).isEqualTo(
                "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"example\", \"unit\": \"celsius\"}}");
        assertThat(sink.textDeltas().get(0)).startsWith("<|").doesNotContain("<|python_tag|>");
    }

    @Test
    void dialectTextHonoursMaxTokens() throws Exception {
        ObjectNode body = body("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_tokens\": 10, \"tools\": [%s]}"
                .formatted(WEATHER_TOOL));
        EventCollector sink = run("qwen3-xml", body);
        assertThat(sink.text()).hasSize(40);
        assertThat(sink.last()).isEqualTo(new ChatEvent.Finish(FinishReason.LENGTH));
    }

    // ---------------------------------------------------------------- bounds and back-pressure

    @Test
    void echoOfAHugePromptIsCutWithoutMaxTokens() throws Exception {
        EventCollector sink = run("echo", userSays("x".repeat(1_000_000)));
        assertThat(sink.text()).hasSize(MockProvider.MAX_OUTPUT_CHARS);
        assertThat(sink.snapshot().get(sink.size() - 1)).isEqualTo(new ChatEvent.Finish(FinishReason.LENGTH, null));
    }

    @Test
    void pauseHoldsPlaybackUntilResume() throws Exception {
        UpstreamReply reply = send("echo", userSays("y".repeat(200)));
        io.vertx.core.Context context = vertx.getOrCreateContext();
        EventCollector sink = new EventCollector() {
            @Override
            public synchronized void accept(ChatEvent event) {
                super.accept(event);
                if (size() == 1) {
                    reply.pause(); // as the client writer does when the socket's queue is full
                }
            }
        };
        context.runOnContext(v -> reply.streamEvents(sink));
        assertThat(sink.first.await(5, TimeUnit.SECONDS)).isTrue();
        // playback runs one event per turn of this context: many turns later, still one event
        java.util.concurrent.CountDownLatch turns = new java.util.concurrent.CountDownLatch(1);
        hop(context, 50, turns);
        assertThat(turns.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.size()).isEqualTo(1);
        reply.resume();
        sink.awaitEnd();
        assertThat(sink.text()).isEqualTo("y".repeat(200));
    }

    private static void hop(io.vertx.core.Context context, int left, java.util.concurrent.CountDownLatch done) {
        context.runOnContext(v -> {
            if (left == 0) {
                done.countDown();
            } else {
                hop(context, left - 1, done);
            }
        });
    }
}
