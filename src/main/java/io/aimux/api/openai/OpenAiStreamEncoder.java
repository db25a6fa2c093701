package io.aimux.api.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.Ids;
import io.aimux.chat.Usage;

import java.util.function.Consumer;

/**
 * Encodes events as OpenAI {@code chat.completion.chunk} SSE: a role chunk first, indexed
 * tool-call deltas (id and name on the first fragment), the finish chunk, an optional usage chunk
 * with {@code choices: []} when the client asked for it, then {@code [DONE]}.
 * See https://platform.openai.com/docs/api-reference/chat-streaming
 */
public final class OpenAiStreamEncoder implements ChatEventSink {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Consumer<String> out;
    private final String id = Ids.random("chatcmpl-", 29);
    private final long created = System.currentTimeMillis() / 1000;
    private final String model;
    private final boolean includeUsage;
    private boolean started;
    private boolean finished;
    private boolean closed;
    private Usage usage = Usage.NONE;

    public OpenAiStreamEncoder(String model, boolean includeUsage, Consumer<String> out) {
        this.model = model;
        this.includeUsage = includeUsage;
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
        if (event instanceof ChatEvent.Failure f) {
            fail(f);
            return;
        }
        start();
        if (event instanceof ChatEvent.TextDelta t) {
            textChunk(CONTENT, t.text());
        } else if (event instanceof ChatEvent.ThinkingDelta t) {
            textChunk(REASONING, t.text());
        } else if (event instanceof ChatEvent.ToolCallStart s) {
            ObjectNode call = toolCall(s.index());
            call.put("id", s.id() == null || s.id().isEmpty() ? Ids.openAiCall() : s.id());
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", s.name());
            function.put("arguments", "");
            flushDelta();
        } else if (event instanceof ChatEvent.ToolCallDelta d) {
            toolCall(d.index()).putObject("function").put("arguments", d.argumentsFragment());
            flushDelta();
        } else if (event instanceof ChatEvent.Finish f) {
            if (!finished) {
                finished = true;
                ObjectNode chunk = chunk();
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.put("index", 0);
                choice.putObject("delta");
                choice.put("finish_reason", f.reason().openAi());
                write(chunk);
            }
        }
        // signatures and redacted thinking have no place in the OpenAI protocol
    }

    @Override
    public void end() {
        if (closed) {
            return;
        }
        if (!finished) {
            fail(new ChatEvent.Failure("api_error", "upstream stream ended before it finished"));
            return;
        }
        if (includeUsage) {
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            chunk.set("usage", OpenAiResponseEncoder.usage(usage));
            write(chunk);
        }
        out.accept("data: [DONE]\n\n");
        closed = true;
    }

    private void fail(ChatEvent.Failure failure) {
        ObjectNode error = JSON.objectNode();
        ObjectNode body = error.putObject("error");
        body.put("message", failure.message());
        body.put("type", failure.type());
        body.putNull("code");
        out.accept("data: " + error + "\n\n");
        closed = true;
    }

    private ObjectNode pending;

    private static final String CONTENT = "\"content\":\"";
    private static final String REASONING = "\"reasoning_content\":\"";
    private static final String TEXT_END = "\"},\"finish_reason\":null}]}\n\n";
    /** The text chunks' fixed start, up to the delta's field; built on the first one. */
    private String textChunkStart;

    /**
     * A text or reasoning delta: most of a stream, so written without a tree, the same bytes as
     * {@link #delta()} would give ({@code OpenAiStreamEncoderTest} compares them).
     */
    private void textChunk(String field, String text) {
        if (textChunkStart == null) {
            ObjectNode head = chunk();
            String json = head.toString();
            textChunkStart = "data: " + json.substring(0, json.length() - 1) + ",\"choices\":[{\"index\":0,\"delta\":{";
        }
        StringBuilder frame = new StringBuilder(textChunkStart.length() + field.length() + text.length() + 48);
        frame.append(textChunkStart).append(field);
        JsonStringEncoder.getInstance().quoteAsString(text, frame);
        out.accept(frame.append(TEXT_END).toString());
    }

    private ObjectNode delta() {
        pending = chunk();
        ObjectNode choice = pending.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("finish_reason");
        return delta;
    }

    private ObjectNode toolCall(int index) {
        ArrayNode calls = delta().putArray("tool_calls");
        ObjectNode call = calls.addObject();
        call.put("index", index);
        return call;
    }

    private void flushDelta() {
        write(pending);
        pending = null;
    }

    private void start() {
        if (!started) {
            started = true;
            ObjectNode delta = delta();
            delta.put("role", "assistant");
            delta.put("content", "");
            flushDelta();
        }
    }

    private ObjectNode chunk() {
        ObjectNode chunk = JSON.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private void write(ObjectNode chunk) {
        out.accept("data: " + chunk + "\n\n");
    }
}
