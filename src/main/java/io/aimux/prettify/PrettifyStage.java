package io.aimux.prettify;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.ToolSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs answer text through a {@link TextCallExtractor} and turns what it finds into structured
 * events: calls get indexes after any structured calls of the upstream, reasoning becomes
 * thinking, and the finish becomes {@code tool_calls} once a call was extracted.
 */
public final class PrettifyStage implements ChatEventSink {

    private final ChatEventSink next;
    private final List<ToolSpec> tools;
    private final ExtractorSettings settings;
    private final List<TextPiece> pieces = new ArrayList<>();
    private final Map<Integer, Integer> upstreamCalls = new HashMap<>();
    private final Set<String> seenIds = new HashSet<>();
    private TextCallExtractor extractor;
    private int calls;
    private boolean extracted;
    private ChatEvent.Finish finish;
    private final PrettifierMetrics metrics;
    private long nanos;
    private long maxHeldBack;
    private boolean failed;

    public PrettifyStage(ChatEventSink next, List<ToolSpec> tools, ExtractorSettings settings, PrettifierMetrics metrics) {
        this.next = next;
        this.tools = tools;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void accept(ChatEvent event) {
        if (event instanceof ChatEvent.TextDelta text) {
            if (extractor == null) {
                extractor = new TextCallExtractor(tools, settings);
            }
            long t0 = System.nanoTime();
            extractor.accept(text.text(), pieces);
            maxHeldBack = Math.max(maxHeldBack, extractor.heldBackChars());
            nanos += System.nanoTime() - t0;
            emitPieces();
        } else if (event instanceof ChatEvent.ToolCallStart start) {
            flushText(); // held text came before this call
            int ours = calls++;
            upstreamCalls.put(start.index(), ours);
            next.accept(new ChatEvent.ToolCallStart(ours, usableId(start.id()), start.name()));
        } else if (event instanceof ChatEvent.ToolCallDelta delta) {
            Integer ours = upstreamCalls.get(delta.index());
            if (ours != null) {
                next.accept(new ChatEvent.ToolCallDelta(ours, delta.argumentsFragment()));
            }
        } else if (event instanceof ChatEvent.Finish f) {
            flushText();
            finish = extracted ? new ChatEvent.Finish(FinishReason.TOOL_CALLS) : f;
            next.accept(finish);
        } else if (event instanceof ChatEvent.Failure) {
            failed = true;
            flushText();
            next.accept(event);
        } else if (event instanceof ChatEvent.OpaqueBlock) {
            flushText(); // a block boundary: held-back text cannot continue past it
            next.accept(event);
        } else {
            next.accept(event);
        }
    }

    @Override
    public void end() {
        flushText();
        if (metrics != null) {
            metrics.answer(nanos, maxHeldBack, extracted, failed);
        }
        next.end();
    }

    /** Whether at least one call was rescued from text. */
    public boolean extracted() {
        return extracted;
    }

    /**
     * A model-written id is kept only if it is unique in this answer and of the safe shape both
     * protocols accept ({@code [A-Za-z0-9_-]{1,64}}, e.g. not Kimi's {@code functions.x:0});
     * otherwise null, and the encoder makes one.
     */
    private String usableId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return null;
            }
        }
        return seenIds.add(id) ? id : null;
    }

    private void flushText() {
        if (extractor != null) {
            long t0 = System.nanoTime();
            extractor.finish(pieces);
            nanos += System.nanoTime() - t0;
            extractor = null;
            emitPieces();
        }
    }

    private void emitPieces() {
        for (TextPiece piece : pieces) {
            if (piece instanceof TextPiece.Content content) {
                if (!content.text().isEmpty()) {
                    next.accept(new ChatEvent.TextDelta(content.text()));
                }
            } else if (piece instanceof TextPiece.Reasoning reasoning) {
                if (!reasoning.text().isEmpty()) {
                    next.accept(new ChatEvent.ThinkingDelta(reasoning.text()));
                }
            } else if (piece instanceof TextPiece.Call call) {
                int index = calls++;
                extracted = true;
                if (metrics != null) {
                    metrics.extracted(call.dialect());
                }
                next.accept(new ChatEvent.ToolCallStart(index, usableId(call.id()), call.name()));
                next.accept(new ChatEvent.ToolCallDelta(index, call.argumentsJson()));
            }
        }
        pieces.clear();
    }
}
