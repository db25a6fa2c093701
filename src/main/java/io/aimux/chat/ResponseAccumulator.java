package io.aimux.chat;

import java.util.ArrayList;
import java.util.List;

/** Collects an event stream into a complete answer, for clients that did not ask to stream. */
public final class ResponseAccumulator implements ChatEventSink {

    /** One content block of the answer, in order. */
    public sealed interface Block {
        record Text(StringBuilder text) implements Block {}

        record Thinking(StringBuilder text, StringBuilder signature) implements Block {}

        record Redacted(String data) implements Block {}

        record ToolCall(int index, String id, String name, StringBuilder arguments) implements Block {}

        /** A block kept as its wire JSON ({@link ChatEvent.OpaqueBlock}). */
        record Opaque(WireProtocol protocol, String json) implements Block {}
    }

    private final List<Block> blocks = new ArrayList<>();
    private Usage usage = Usage.NONE;
    private ChatEvent.Finish finish;
    private ChatEvent.Failure failure;
    private boolean ended;

    @Override
    public void accept(ChatEvent event) {
        if (event instanceof ChatEvent.TextDelta t) {
            if (last() instanceof Block.Text text) {
                text.text().append(t.text());
            } else {
                blocks.add(new Block.Text(new StringBuilder(t.text())));
            }
        } else if (event instanceof ChatEvent.ThinkingDelta t) {
            if (last() instanceof Block.Thinking thinking && thinking.signature().length() == 0) {
                thinking.text().append(t.text());
            } else {
                blocks.add(new Block.Thinking(new StringBuilder(t.text()), new StringBuilder()));
            }
        } else if (event instanceof ChatEvent.SignatureDelta s) {
            if (last() instanceof Block.Thinking thinking) {
                thinking.signature().append(s.signature());
            } else {
                blocks.add(new Block.Thinking(new StringBuilder(), new StringBuilder(s.signature())));
            }
        } else if (event instanceof ChatEvent.RedactedThinking r) {
            blocks.add(new Block.Redacted(r.data()));
        } else if (event instanceof ChatEvent.ToolCallStart s) {
            blocks.add(new Block.ToolCall(s.index(), s.id(), s.name(), new StringBuilder()));
        } else if (event instanceof ChatEvent.ToolCallDelta d) {
            for (int i = blocks.size() - 1; i >= 0; i--) {
                if (blocks.get(i) instanceof Block.ToolCall call && call.index() == d.index()) {
                    call.arguments().append(d.argumentsFragment());
                    break;
                }
            }
        } else if (event instanceof ChatEvent.OpaqueBlock o) {
            blocks.add(new Block.Opaque(o.protocol(), o.json()));
        } else if (event instanceof ChatEvent.UsageReport u) {
            usage = usage.merge(u.usage());
        } else if (event instanceof ChatEvent.Finish f) {
            finish = f;
        } else if (event instanceof ChatEvent.Failure f) {
            failure = f;
        }
    }

    @Override
    public void end() {
        ended = true;
    }

    private Block last() {
        return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Usage usage() {
        return usage;
    }

    /** The finish, or null when the stream failed or ended early. */
    public ChatEvent.Finish finish() {
        return finish;
    }

    /** Why the answer is unusable, or null when it is complete. */
    public ChatEvent.Failure failure() {
        if (failure != null) {
            return failure;
        }
        if (finish == null) {
            return new ChatEvent.Failure("api_error", ended ? "upstream answer ended without a finish" : "upstream answer incomplete");
        }
        return null;
    }

    /** All answer text, concatenated. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Block.Text t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }

    /** All reasoning text, concatenated. */
    public String reasoning() {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Block.Thinking t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }
}
