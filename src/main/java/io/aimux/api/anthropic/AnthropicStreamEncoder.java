package io.aimux.api.anthropic;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.Ids;
import io.aimux.chat.Usage;
import io.aimux.chat.WireProtocol;

import java.util.function.Consumer;

/**
 * Encodes events as Anthropic Messages SSE in the order the SDKs enforce: {@code message_start},
 * then for each block {@code content_block_start}, deltas, {@code content_block_stop} with
 * increasing indexes, then {@code message_delta} (stop reason, usage) and {@code message_stop}.
 * {@code message_start} waits for the first content event so upstream input usage can go in it.
 * See https://docs.anthropic.com/en/api/messages-streaming
 */
public final class AnthropicStreamEncoder implements ChatEventSink {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private enum Open { NONE, TEXT, THINKING, TOOL, REDACTED, OPAQUE }

    private final Consumer<String> out;
    private final String model;
    private Usage usage = Usage.NONE;
    private boolean started;
    private boolean closed;
    private Open open = Open.NONE;
    private int openToolCall = -1;
    private int blockIndex = -1;
    private ChatEvent.Finish finish;

    public AnthropicStreamEncoder(String model, Consumer<String> out) {
        this.model = model;
        this.out = out;
    }

    @Override
    public void accept(ChatEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof ChatEvent.UsageReport u) {
            usage = usage.merge(u.usage());
            return;
        }
        if (event instanceof ChatEvent.Finish f) {
            finish = f;
            return;
        }
        if (event instanceof ChatEvent.Failure f) {
            fail(f);
            return;
        }
        start();
        if (!waiting.isEmpty() && !(event instanceof ChatEvent.ToolCallStart) && !(event instanceof ChatEvent.ToolCallDelta)) {
            releaseWaiting(true);
        }
        if (event instanceof ChatEvent.TextDelta t) {
            if (open != Open.TEXT) {
                ObjectNode block = JSON.objectNode().put("type", "text").put("text", "");
                openBlock(Open.TEXT, block);
            }
            stringDelta("text_delta", "text", t.text());
        } else if (event instanceof ChatEvent.ThinkingDelta t) {
            openThinking();
            stringDelta("thinking_delta", "thinking", t.text());
        } else if (event instanceof ChatEvent.SignatureDelta s) {
            openThinking();
            blockDelta(JSON.objectNode().put("type", "signature_delta").put("signature", s.signature()));
        } else if (event instanceof ChatEvent.RedactedThinking r) {
            openBlock(Open.REDACTED, JSON.objectNode().put("type", "redacted_thinking").put("data", r.data()));
            closeBlock();
        } else if (event instanceof ChatEvent.OpaqueBlock o) {
            if (o.protocol() == WireProtocol.ANTHROPIC) {
                closeBlock();
                blockIndex++;
                writeRaw("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + blockIndex
                        + ",\"content_block\":" + o.json() + "}");
                open = Open.OPAQUE;
            }
        } else if (event instanceof ChatEvent.OpaqueDelta o) {
            if (o.protocol() == WireProtocol.ANTHROPIC && open != Open.NONE) {
                writeRaw("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + blockIndex
                        + ",\"delta\":" + o.json() + "}");
            }
        } else if (event instanceof ChatEvent.ToolCallStart s) {
            if (open == Open.TOOL && !openArguments.complete()) {
                // The open call's arguments are unfinished: OpenAI upstreams may interleave parallel
                // calls, but an Anthropic block cannot be reopened, so this one waits its turn.
                waiting.put(s.index(), new WaitingCall(s, new StringBuilder()));
            } else {
                openToolBlock(s, "");
            }
        } else if (event instanceof ChatEvent.ToolCallDelta d) {
            if (open == Open.TOOL && openToolCall == d.index()) {
                stringDelta("input_json_delta", "partial_json", d.argumentsFragment());
                openArguments.feed(d.argumentsFragment());
                if (openArguments.complete()) {
                    releaseWaiting(false);
                }
            } else if (waiting.containsKey(d.index())) {
                waiting.get(d.index()).arguments().append(d.argumentsFragment());
            }
        }
    }

    /** A tool call that started while another call's block was still being filled. */
    private record WaitingCall(ChatEvent.ToolCallStart start, StringBuilder arguments) {}

    private final java.util.LinkedHashMap<Integer, WaitingCall> waiting = new java.util.LinkedHashMap<>();
    private final JsonCompletion openArguments = new JsonCompletion();

    private void openToolBlock(ChatEvent.ToolCallStart s, String arguments) {
        ObjectNode block = JSON.objectNode().put("type", "tool_use")
                .put("id", s.id() == null || s.id().isEmpty() ? Ids.anthropicToolUse() : s.id())
                .put("name", s.name());
        block.putObject("input");
        openBlock(Open.TOOL, block);
        openToolCall = s.index();
        openArguments.reset();
        if (!arguments.isEmpty()) {
            stringDelta("input_json_delta", "partial_json", arguments);
            openArguments.feed(arguments);
        }
    }

    /**
     * Opens the calls that waited, in order, while each one's buffered arguments are complete;
     * with {@code all}, opens every one (the answer is ending or moving on to other content).
     */
    private void releaseWaiting(boolean all) {
        while (!waiting.isEmpty() && (all || open != Open.TOOL || openArguments.complete())) {
            var first = waiting.entrySet().iterator().next();
            waiting.remove(first.getKey());
            openToolBlock(first.getValue().start(), first.getValue().arguments().toString());
        }
    }

    @Override
    public void end() {
        if (closed) {
            return;
        }
        if (finish == null) {
            fail(new ChatEvent.Failure("api_error", "upstream stream ended before it finished"));
            return;
        }
        start();
        releaseWaiting(true);
        closeBlock();
        ObjectNode messageDelta = JSON.objectNode().put("type", "message_delta");
        ObjectNode delta = messageDelta.putObject("delta");
        delta.put("stop_reason", finish.reason().anthropic());
        if (finish.stopSequence() != null) {
            delta.put("stop_sequence", finish.stopSequence());
        } else {
            delta.putNull("stop_sequence");
        }
        messageDelta.set("usage", AnthropicResponseEncoder.usage(usage));
        write("message_delta", messageDelta);
        write("message_stop", JSON.objectNode().put("type", "message_stop"));
        closed = true;
    }

    private void fail(ChatEvent.Failure failure) {
        ObjectNode error = JSON.objectNode().put("type", "error");
        error.putObject("error").put("type", failure.type()).put("message", failure.message());
        write("error", error);
        closed = true;
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = JSON.objectNode().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", Ids.random("msg_", 24));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", usage.inputTokens()).put("output_tokens", 0);
        write("message_start", event);
    }

    private void openThinking() {
        if (open != Open.THINKING) {
            openBlock(Open.THINKING, JSON.objectNode().put("type", "thinking").put("thinking", "").put("signature", ""));
        }
    }

    private void openBlock(Open kind, ObjectNode block) {
        closeBlock();
        blockIndex++;
        ObjectNode event = JSON.objectNode().put("type", "content_block_start").put("index", blockIndex);
        event.set("content_block", block);
        write("content_block_start", event);
        open = kind;
    }

    private void closeBlock() {
        if (open != Open.NONE) {
            write("content_block_stop", JSON.objectNode().put("type", "content_block_stop").put("index", blockIndex));
            open = Open.NONE;
            openToolCall = -1;
        }
    }

    private void blockDelta(ObjectNode delta) {
        ObjectNode event = JSON.objectNode().put("type", "content_block_delta").put("index", blockIndex);
        event.set("delta", delta);
        write("content_block_delta", event);
    }

    /**
     * A delta of one string field: most of a stream, so written without a tree, the same bytes as
     * {@link #blockDelta} would give ({@code AnthropicStreamEncoderTest} compares them).
     */
    private void stringDelta(String type, String field, String value) {
        StringBuilder frame = new StringBuilder(value.length() + 112)
                .append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":").append(blockIndex)
                .append(",\"delta\":{\"type\":\"").append(type).append("\",\"").append(field).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, frame);
        out.accept(frame.append("\"}}\n\n").toString());
    }

    private void write(String name, ObjectNode data) {
        out.accept("event: " + name + "\ndata: " + data + "\n\n");
    }

    /** {@code json} is upstream JSON that was parsed once already, so it is one line of valid JSON. */
    private void writeRaw(String name, String json) {
        out.accept("event: " + name + "\ndata: " + json + "\n\n");
    }
}
