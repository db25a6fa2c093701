package io.aimux.provider.mock;

import io.aimux.chat.FinishReason;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.error.SafeText;
import io.aimux.provider.Provider;
import io.aimux.provider.UpstreamReply;
import io.aimux.provider.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in offline provider. It answers an OpenAI Chat Completions body with scripted,
 * deterministic events chosen by the upstream model name (the part after {@code mock/}); see
 * {@link #models()} for the list. It never touches the network.
 *
 * <p>Scenarios:
 *
 * <ul>
 *   <li>{@code echo}: repeats the last user message (string content, or its text parts joined by
 *       {@code "\n"}); an empty one gives {@link #EMPTY_ECHO_TEXT}.
 *   <li>{@code tool}: calls the tool forced by {@code tool_choice}, else the first declared one,
 *       with arguments generated from its JSON Schema ({@link SchemaExamples}), streamed in
 *       several fragments, finish {@code TOOL_CALLS}. When the conversation ends with tool
 *       results it summarises them as text instead (finish {@code STOP}) so agent loops end;
 *       without tools (or with {@code tool_choice: "none"}) it says so in text.
 *   <li>{@code think}: reasoning pieces, a signature, then the echo text.
 *   <li>{@code slow}: echo with {@value #SLOW_CHUNK_DELAY_MS} ms between chunks (fixed).
 *   <li>{@code error-429} / {@code error-500}: the Uni fails with RATE_LIMITED (code
 *       {@code rate_limit_exceeded}, retry after 1 s) / UPSTREAM before any event.
 *   <li>{@code flaky}: the 1st, 3rd, 5th… call of this provider instance fails with UNAVAILABLE,
 *       the others echo.
 *   <li>{@code truncated}: echo text deltas, then {@code end()} without usage or finish.
 *   <li>{@code length}: echo text, then finish {@code LENGTH}.
 *   <li>{@code hermes}, {@code qwen3-xml}, {@code glm}, {@code anthropic-xml}, {@code mistral},
 *       {@code llama}, {@code deepseek}, {@code kimi}, {@code harmony}, {@code fenced-json}: the
 *       call to the chosen tool written as TEXT in that dialect's markup ({@link TextDialect}),
 *       tags cut across chunks, finish {@code STOP}; tool results are summarised like
 *       {@code tool}; without tools they echo.
 * </ul>
 *
 * <p>Every generated text honours {@code max_tokens} / {@code max_completion_tokens} (cut at
 * {@code max_tokens * 4} characters, finish {@code LENGTH}) and, without them, {@link #MAX_OUTPUT_CHARS}, and {@code stop} (cut before the
 * earliest stop sequence, finish {@code STOP_SEQUENCE}), except {@code length} and
 * {@code truncated}, which ignore {@code stop}. A usage report (input = request chars / 4, output
 * = generated chars / 4, both at least 1) precedes every finish.
 *
 * <p>Cancellation: {@link UpstreamReply#cancel()} stops emission at once and counts, once per
 * reply, in {@link #cancellations()} (all instances) and {@link #cancelledReplies()} (this one).
 */
public final class MockProvider implements Provider {

    /** Pause between chunks of the {@code slow} scenario. */
    public static final long SLOW_CHUNK_DELAY_MS = 200;

    /**
     * Characters any scenario generates at most (about 16k tokens), also without max_tokens: a
     * longer answer is cut and finishes with {@code LENGTH}. The echo of a huge prompt is bounded.
     */
    public static final int MAX_OUTPUT_CHARS = 64 * 1024;

    /** What {@code echo} answers when the last user message has no text. */
    public static final String EMPTY_ECHO_TEXT = "Hello from the AIMUX mock provider.";

    private static final AtomicLong CANCELLATIONS = new AtomicLong();

    private static final List<String> MODELS;

    static {
        List<String> models = new ArrayList<>(List.of(
                "echo", "tool", "think", "slow", "error-429", "error-500", "flaky", "truncated", "length"));
        for (TextDialect dialect : TextDialect.values()) {
            models.add(dialect.model());
        }
        MODELS = List.copyOf(models);
    }

    private final String name;
    private final Vertx vertx;
    private final AtomicLong flakyCalls = new AtomicLong();
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();

    public MockProvider(String name, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
    }

    /** Every scenario name, i.e. the models this provider serves, in a stable order. */
    public static List<String> models() {
        return MODELS;
    }

    /** How many mock replies were cancelled so far, across all instances (each reply counts once). */
    public static long cancellations() {
        return CANCELLATIONS.get();
    }

    /** How many replies of this instance were cancelled (each reply counts once). */
    public long cancelledReplies() {
        return cancelled.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI;
    }

    @Override
    public boolean judgesRequests() {
        return false;
    }

    /**
     * Builds the scripted reply when the Uni is subscribed (so a resubscription is a new call).
     * Failing scenarios and unknown models fail the Uni before any event.
     */
    @Override
    public Uni<UpstreamReply> send(UpstreamRequest request) {
        return Uni.createFrom().item(() -> reply(request));
    }

    private UpstreamReply reply(UpstreamRequest upstream) {
        String model = upstream.upstreamModel() == null ? "" : upstream.upstreamModel();
        MockRequest request = new MockRequest(upstream.body());
        java.util.Iterator<MockReply.Step> steps = script(model, request);
        return new MockReply(vertx, steps, () -> {
            cancelled.incrementAndGet();
            CANCELLATIONS.incrementAndGet();
        });
    }

    java.util.Iterator<MockReply.Step> script(String model, MockRequest request) {
        long input = request.estimatedInputTokens();
        switch (model) {
            case "echo":
                return shapedText(new ScriptBuilder(0), echoText(request), request, List.of()).steps();
            case "slow":
                return shapedText(new ScriptBuilder(SLOW_CHUNK_DELAY_MS), echoText(request), request, List.of()).steps();
            case "tool":
                return toolScript(request);
            case "think":
                return thinkScript(request);
            case "error-429":
                throw new GatewayException(ErrorKind.RATE_LIMITED, "mock rate limit", "rate_limit_exceeded", 1);
            case "error-500":
                throw new GatewayException(ErrorKind.UPSTREAM, "mock upstream error");
            case "flaky":
                if (flakyCalls.incrementAndGet() % 2 == 1) {
                    throw new GatewayException(ErrorKind.UNAVAILABLE, "mock provider temporarily unavailable");
                }
                return shapedText(new ScriptBuilder(0), echoText(request), request, List.of()).steps();
            case "truncated":
                return new ScriptBuilder(0).text(cutAt(echoText(request), MAX_OUTPUT_CHARS)).steps();
            case "length": {
                String text = cutAt(cutToMaxTokens(echoText(request), request.maxTokens()), MAX_OUTPUT_CHARS);
                return new ScriptBuilder(0).text(text).finish(input, FinishReason.LENGTH, null).steps();
            }
            default:
                TextDialect dialect = TextDialect.forModel(model);
                if (dialect != null) {
                    return dialectScript(dialect, request);
                }
                throw new GatewayException(ErrorKind.NOT_FOUND, "model " + SafeText.quote(name + "/" + model)
                        + " does not exist; available: " + String.join(", ", MODELS));
        }
    }

    static String echoText(MockRequest request) {
        String text = request.lastUserText();
        return text.isBlank() ? EMPTY_ECHO_TEXT : text;
    }

    private java.util.Iterator<MockReply.Step> toolScript(MockRequest request) {
        if (request.endsWithToolResult()) {
            return shapedText(new ScriptBuilder(0), toolResultSummary(request), request, List.of()).steps();
        }
        MockRequest.Tool tool = request.chosenTool();
        if (tool == null) {
            String text = request.tools().isEmpty()
                    ? "No tool was declared, so there is no tool to call."
                    : "tool_choice is \"none\", so no tool is called.";
            return shapedText(new ScriptBuilder(0), text, request, List.of()).steps();
        }
        String arguments = JsonText.compact(SchemaExamples.arguments(tool.parameters()));
        String id = "call_mock_" + callIds.incrementAndGet();
        return new ScriptBuilder(0)
                .toolCall(0, id, tool.name(), arguments)
                .finish(request.estimatedInputTokens(), FinishReason.TOOL_CALLS, null)
                .steps();
    }

    private java.util.Iterator<MockReply.Step> dialectScript(TextDialect dialect, MockRequest request) {
        if (request.endsWithToolResult()) {
            return shapedText(new ScriptBuilder(0), toolResultSummary(request), request, List.of()).steps();
        }
        MockRequest.Tool tool = request.chosenTool();
        if (tool == null) {
            return shapedText(new ScriptBuilder(0), echoText(request), request, List.of()).steps();
        }
        String text = dialect.render(tool.name(), SchemaExamples.arguments(tool.parameters()));
        return shapedText(new ScriptBuilder(0), text, request, dialect.cutMarkers()).steps();
    }

    private java.util.Iterator<MockReply.Step> thinkScript(MockRequest request) {
        String echo = echoText(request);
        String preview = echo.length() > 60 ? echo.substring(0, 60) + "…" : echo;
        String thinking = "The user wrote: \"" + preview + "\". The mock answer is to repeat it back.";
        ScriptBuilder script = new ScriptBuilder(0).thinking(thinking).signature(signature(thinking));
        return shapedText(script, echo, request, List.of()).steps();
    }

    static String toolResultSummary(MockRequest request) {
        StringBuilder out = new StringBuilder("Tool results received.");
        for (String result : request.trailingToolResults()) {
            String shown = result.length() > 200 ? result.substring(0, 200) + "…" : result;
            out.append(' ').append(shown.strip());
            if (!shown.endsWith(".")) {
                out.append('.');
            }
        }
        return out.append(" Done.").toString();
    }

    /** Adds {@code text} cut by stop sequences / max_tokens, then usage and the matching finish. */
    private static ScriptBuilder shapedText(ScriptBuilder script, String text, MockRequest request,
            List<String> cutMarkers) {
        FinishReason reason = FinishReason.STOP;
        String stopSequence = null;
        long limit = Math.min(MAX_OUTPUT_CHARS, request.maxTokens() > 0 ? request.maxTokens() * 4L : Long.MAX_VALUE);
        int earliest = -1;
        for (String stop : request.stopSequences()) {
            int at = text.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
                stopSequence = stop;
            }
        }
        if (earliest >= 0 && earliest <= limit) {
            text = text.substring(0, earliest);
            reason = FinishReason.STOP_SEQUENCE;
        } else {
            stopSequence = null;
            if (text.length() > limit) {
                text = cutAt(text, (int) limit);
                reason = FinishReason.LENGTH;
            }
        }
        return script.text(text, cutMarkers).finish(request.estimatedInputTokens(), reason, stopSequence);
    }

    private static String cutToMaxTokens(String text, int maxTokens) {
        return maxTokens <= 0 ? text : cutAt(text, (int) Math.min(Integer.MAX_VALUE, maxTokens * 4L));
    }

    /** The first {@code max} characters of {@code text}, never half a surrogate pair. */
    private static String cutAt(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static String signature(String thinking) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(thinking.getBytes(StandardCharsets.UTF_8));
            return "mock-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
