package io.aimux.guard.content;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guard on an answer, between the upstream's decoded events and the client's encoder. Text
 * and reasoning pass through a {@link TextWindow} each (the {@code response} stage); tool-call
 * arguments (the {@code tool_call} stage) are assembled per call and checked whole, held back
 * only when a pattern there may redact or block. A block ends the answer with exactly one
 * {@link ChatEvent.Failure} of type {@value #BLOCKED_TYPE} and cancels the upstream.
 */
public final class StreamGuard implements ChatEventSink {

    /** Error type of a guard refusal, in both protocols. */
    public static final String BLOCKED_TYPE = "guard_blocked";

    /** Arguments of one tool call held for checking; a larger call is checked in parts. */
    static final int MAX_TOOL_ARGUMENTS = 4 * 1024 * 1024;

    private final ChatEventSink next;
    private final GuardEngine engine;
    private final GuardPolicy policy;
    private final Runnable onBlock;
    private final GuardReport responseReport = new GuardReport();
    private final GuardReport toolReport = new GuardReport();
    private final boolean scanText;
    private final boolean scanTools;
    private final boolean holdTools;
    private final Map<Integer, StringBuilder> calls = new LinkedHashMap<>();
    private TextWindow text;
    private TextWindow thinking;
    private boolean stopped;

    public StreamGuard(ChatEventSink next, GuardEngine engine, GuardPolicy policy, Runnable onBlock) {
        this.next = next;
        this.engine = engine;
        this.policy = policy;
        this.onBlock = onBlock;
        this.scanText = policy.active(GuardStage.RESPONSE);
        this.scanTools = policy.active(GuardStage.TOOL_CALL);
        this.holdTools = policy.rewrites(GuardStage.TOOL_CALL);
    }

    /** Whether an answer needs this stage at all under {@code policy}. */
    public static boolean needed(GuardPolicy policy) {
        return policy.active(GuardStage.RESPONSE) || policy.active(GuardStage.TOOL_CALL);
    }

    /** Whether an answer may be changed under {@code policy}, so it cannot be relayed byte for byte. */
    public static boolean rewrites(GuardPolicy policy) {
        return policy.rewrites(GuardStage.RESPONSE) || policy.rewrites(GuardStage.TOOL_CALL);
    }

    @Override
    public void accept(ChatEvent event) {
        if (stopped) {
            return;
        }
        if (event instanceof ChatEvent.TextDelta delta && scanText) {
            if (flushThinking() && flushCalls()) {
                if (text == null) {
                    text = new TextWindow(engine, policy, GuardStage.RESPONSE, responseReport);
                }
                emit(text.accept(delta.text()), false);
            }
        } else if (event instanceof ChatEvent.ThinkingDelta delta && scanText) {
            if (flushText() && flushCalls()) {
                if (thinking == null) {
                    thinking = new TextWindow(engine, policy, GuardStage.RESPONSE, responseReport);
                }
                emit(thinking.accept(delta.text()), true);
            }
        } else if (event instanceof ChatEvent.ToolCallStart start && scanTools) {
            if (flushAll()) {
                next.accept(start);
                calls.put(start.index(), new StringBuilder());
            }
        } else if (event instanceof ChatEvent.ToolCallDelta delta && scanTools) {
            StringBuilder held = calls.get(delta.index());
            if (held == null) { // arguments of a call already checked: checked on their own
                checkArguments(delta.index(), delta.argumentsFragment(), true);
                return;
            }
            held.append(delta.argumentsFragment());
            if (!holdTools) {
                next.accept(delta);
                if (held.length() > MAX_TOOL_ARGUMENTS) {
                    calls.remove(delta.index()); // counted in parts from here on
                }
            } else if (held.length() > MAX_TOOL_ARGUMENTS) {
                calls.remove(delta.index());
                checkArguments(delta.index(), held.toString(), true);
            }
        } else {
            if (flushAll()) {
                next.accept(event);
            }
        }
    }

    @Override
    public void end() {
        if (stopped) {
            return;
        }
        if (flushAll()) {
            log();
            next.end();
        }
    }

    private void emit(TextWindow.Out out, boolean reasoning) {
        if (out.blocked() != null) {
            block(GuardStage.RESPONSE, out.blocked());
        } else if (!out.text().isEmpty()) {
            next.accept(reasoning ? new ChatEvent.ThinkingDelta(out.text()) : new ChatEvent.TextDelta(out.text()));
        }
    }

    /** Releases everything held; false when that stopped the answer. */
    private boolean flushAll() {
        return flushText() && flushThinking() && flushCalls();
    }

    private boolean flushText() {
        if (text != null) {
            TextWindow window = text;
            text = null;
            emit(window.finish(), false);
        }
        return !stopped;
    }

    private boolean flushThinking() {
        if (thinking != null) {
            TextWindow window = thinking;
            thinking = null;
            emit(window.finish(), true);
        }
        return !stopped;
    }

    private boolean flushCalls() {
        if (calls.isEmpty()) {
            return true;
        }
        Map<Integer, StringBuilder> held = new LinkedHashMap<>(calls);
        calls.clear();
        for (Map.Entry<Integer, StringBuilder> call : held.entrySet()) {
            if (!checkArguments(call.getKey(), call.getValue().toString(), holdTools)) {
                return false;
            }
        }
        return true;
    }

    /** Checks one call's arguments; emits them when {@code emit}. False when they stopped the answer. */
    private boolean checkArguments(int index, String arguments, boolean emit) {
        GuardEngine.Result result = ToolArguments.scanJson(arguments, engine, policy, toolReport);
        if (result.blocked() != null) {
            block(GuardStage.TOOL_CALL, result.blocked());
            return false;
        }
        if (emit && !result.text().isEmpty()) {
            next.accept(new ChatEvent.ToolCallDelta(index, result.text()));
        }
        return true;
    }

    private void block(GuardStage stage, GuardPattern pattern) {
        stopped = true;
        engine.blocked(stage, pattern);
        calls.clear();
        text = null;
        thinking = null;
        next.accept(new ChatEvent.Failure(BLOCKED_TYPE, "the gateway's guard stopped the answer: it matched pattern '"
                + pattern.id() + "' (" + pattern.category().label() + ")"));
        log();
        onBlock.run();
        next.end();
    }

    private void log() {
        engine.log(GuardStage.RESPONSE, responseReport);
        engine.log(GuardStage.TOOL_CALL, toolReport);
    }
}
