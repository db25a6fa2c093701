package io.aimux.api.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.Ids;
import io.aimux.chat.Usage;
import io.aimux.translate.ResponsesToChat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Encodes events as the Responses API stream: {@code response.created}, {@code response.in_progress},
 * then per output item {@code response.output_item.added}, its part and delta events and
 * {@code response.output_item.done}, and finally {@code response.completed},
 * {@code response.incomplete} (output limit, content filter) or {@code response.failed}. Every
 * event carries a {@code sequence_number}; output indexes count items in the order they were
 * added, as the official SDK's stream helper requires. Thinking becomes a {@code reasoning} item
 * with one summary part; a signed Anthropic thinking block also gets an {@code encrypted_content}
 * that carries it back in a later turn. The same builder collects non-streamed answers
 * ({@link #collect}), so both shapes come from one place.
 * See https://platform.openai.com/docs/api-reference/responses-streaming
 */
public final class ResponsesStreamEncoder implements ChatEventSink {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResponseShape shape;
    private final Consumer<String> out;
    private final Consumer<ObjectNode> onEnd;
    /** Every output item so far, complete with {@code encrypted_content}; open items are updated in place. */
    private final ArrayNode output = JSON.arrayNode();
    private final Map<Integer, Call> calls = new LinkedHashMap<>();
    private Usage usage = Usage.NONE;
    private int sequence;
    private boolean started;
    private boolean closed;
    private FinishReason finish;
    private Message message;
    private Reasoning reasoning;
    private ObjectNode result;

    /**
     * @param out   receives each SSE frame; null collects silently
     * @param onEnd receives the final response object (with {@code encrypted_content}) once, when it is known
     */
    public ResponsesStreamEncoder(ResponseShape shape, Consumer<String> out, Consumer<ObjectNode> onEnd) {
        this.shape = shape;
        this.out = out;
        this.onEnd = onEnd;
    }

    /**
     * An encoder for the end of a relayed stream, after {@code relayedEvents} upstream events: it
     * only writes a {@code response.failed} numbered after them.
     */
    public static ResponsesStreamEncoder afterRelay(ResponseShape shape, Consumer<String> out, int relayedEvents) {
        ResponsesStreamEncoder encoder = new ResponsesStreamEncoder(shape, out, null);
        encoder.started = true;
        encoder.sequence = relayedEvents;
        return encoder;
    }

    /** The final response object for a non-streamed answer, from a collected answer's events. */
    public static ObjectNode collect(ResponseShape shape, io.aimux.chat.ResponseAccumulator answer, Consumer<ObjectNode> onEnd) {
        ResponsesStreamEncoder encoder = new ResponsesStreamEncoder(shape, null, onEnd);
        for (io.aimux.chat.ResponseAccumulator.Block block : answer.blocks()) {
            if (block instanceof io.aimux.chat.ResponseAccumulator.Block.Text t) {
                encoder.accept(new ChatEvent.TextDelta(t.text().toString()));
            } else if (block instanceof io.aimux.chat.ResponseAccumulator.Block.Thinking t) {
                encoder.accept(new ChatEvent.ThinkingDelta(t.text().toString()));
                if (t.signature().length() > 0) {
                    encoder.accept(new ChatEvent.SignatureDelta(t.signature().toString()));
                }
            } else if (block instanceof io.aimux.chat.ResponseAccumulator.Block.Redacted r) {
                encoder.accept(new ChatEvent.RedactedThinking(r.data()));
            } else if (block instanceof io.aimux.chat.ResponseAccumulator.Block.ToolCall c) {
                encoder.accept(new ChatEvent.ToolCallStart(c.index(), c.id(), c.name()));
                encoder.accept(new ChatEvent.ToolCallDelta(c.index(), c.arguments().toString()));
            }
        }
        encoder.accept(new ChatEvent.UsageReport(answer.usage()));
        encoder.accept(answer.finish());
        encoder.end();
        return encoder.clientView(encoder.result);
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
            fail(f.type(), f.message());
            return;
        }
        start();
        if (event instanceof ChatEvent.TextDelta t) {
            if (t.text().isEmpty()) {
                return;
            }
            if (message == null) {
                closeAll();
                openMessage();
            }
            message.text.append(t.text());
            ObjectNode delta = event("response.output_text.delta", message.index, message.id);
            delta.put("content_index", 0);
            delta.put("delta", t.text());
            delta.putArray("logprobs");
            emit(delta);
        } else if (event instanceof ChatEvent.ThinkingDelta t) {
            if (reasoning == null || reasoning.signature.length() > 0) {
                closeAll();
                openReasoning();
            }
            if (!t.text().isEmpty()) {
                reasoning.text.append(t.text());
                ObjectNode delta = event("response.reasoning_summary_text.delta", reasoning.index, reasoning.id);
                delta.put("summary_index", 0);
                delta.put("delta", t.text());
                emit(delta);
            }
        } else if (event instanceof ChatEvent.SignatureDelta s) {
            if (reasoning == null) {
                closeAll();
                openReasoning();
            }
            reasoning.signature.append(s.signature());
        } else if (event instanceof ChatEvent.RedactedThinking r) {
            closeAll();
            openReasoning();
            reasoning.redacted = r.data();
            closeReasoning();
        } else if (event instanceof ChatEvent.ToolCallStart s) {
            closeMessage();
            closeReasoning();
            openCall(s);
        } else if (event instanceof ChatEvent.ToolCallDelta d) {
            Call call = calls.get(d.index());
            if (call == null || call.closed || d.argumentsFragment().isEmpty()) {
                return;
            }
            call.arguments.append(d.argumentsFragment());
            if (!call.custom) {
                ObjectNode delta = event("response.function_call_arguments.delta", call.index, call.id);
                delta.put("delta", d.argumentsFragment());
                emit(delta);
            }
        } else if (event instanceof ChatEvent.Finish f) {
            finish = f.reason();
            closeAll();
        }
        // opaque Anthropic blocks have no Responses counterpart
    }

    @Override
    public void end() {
        if (closed) {
            return;
        }
        if (finish == null) {
            fail("api_error", "upstream stream ended before it finished");
            return;
        }
        start();
        closeAll();
        closed = true;
        boolean incomplete = finish == FinishReason.LENGTH || finish == FinishReason.CONTENT_FILTER;
        ObjectNode response = shape.response(incomplete ? "incomplete" : "completed");
        if (incomplete) {
            response.putObject("incomplete_details").put("reason",
                    finish == FinishReason.LENGTH ? "max_output_tokens" : "content_filter");
        }
        response.set("output", output.deepCopy());
        response.set("usage", ResponseShape.usage(usage));
        finishWith(incomplete ? "response.incomplete" : "response.completed", response);
    }

    private void fail(String type, String text) {
        start();
        closed = true;
        ObjectNode response = shape.response("failed");
        ObjectNode error = response.putObject("error");
        error.put("code", failureCode(type, text));
        error.put("message", text);
        response.set("output", output.deepCopy());
        response.set("usage", ResponseShape.usage(usage));
        finishWith("response.failed", response);
    }

    private void finishWith(String type, ObjectNode response) {
        result = response;
        ObjectNode event = JSON.objectNode();
        event.put("type", type);
        event.set("response", clientView(response));
        emit(event);
        if (onEnd != null) {
            onEnd.accept(response);
        }
    }

    /**
     * The {@code error.code} of a failed response for an upstream error type. Codex reads these:
     * {@code context_length_exceeded} stops, {@code rate_limit_exceeded} and
     * {@code server_error} are retried.
     */
    static String failureCode(String type, String message) {
        String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if ("insufficient_quota".equals(type) || text.contains("insufficient_quota") || text.contains("exceeded your current quota")) {
            return "insufficient_quota";
        }
        if ("rate_limit_error".equals(type) || "rate_limit_exceeded".equals(type)) {
            return "rate_limit_exceeded";
        }
        if (text.contains("context length") || text.contains("context window") || text.contains("prompt is too long")
                || text.contains("too many tokens") || text.contains("context_length_exceeded")) {
            return "context_length_exceeded";
        }
        if ("invalid_request_error".equals(type) || "request_too_large".equals(type)) {
            return "invalid_prompt";
        }
        return "server_error";
    }

    // ---- items ----

    private void start() {
        if (!started) {
            started = true;
            ObjectNode created = JSON.objectNode();
            created.put("type", "response.created");
            created.set("response", shape.response("in_progress"));
            emit(created);
            ObjectNode progress = JSON.objectNode();
            progress.put("type", "response.in_progress");
            progress.set("response", shape.response("in_progress"));
            emit(progress);
        }
    }

    private void openMessage() {
        message = new Message(output.size(), Ids.random("msg_", 48));
        ObjectNode item = JSON.objectNode();
        item.put("id", message.id);
        item.put("type", "message");
        item.put("status", "in_progress");
        item.put("role", "assistant");
        item.putArray("content");
        added(item);
        ObjectNode part = event("response.content_part.added", message.index, message.id);
        part.put("content_index", 0);
        part.set("part", textPart(""));
        emit(part);
    }

    private void closeMessage() {
        if (message == null) {
            return;
        }
        Message m = message;
        message = null;
        String text = m.text.toString();
        ObjectNode done = event("response.output_text.done", m.index, m.id);
        done.put("content_index", 0);
        done.put("text", text);
        done.putArray("logprobs");
        emit(done);
        ObjectNode part = event("response.content_part.done", m.index, m.id);
        part.put("content_index", 0);
        part.set("part", textPart(text));
        emit(part);
        ObjectNode item = (ObjectNode) output.get(m.index);
        item.put("status", "completed");
        item.putArray("content").add(textPart(text));
        itemDone(m.index);
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = JSON.objectNode();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    private void openReasoning() {
        reasoning = new Reasoning(output.size(), Ids.random("rs_", 48));
        ObjectNode item = JSON.objectNode();
        item.put("id", reasoning.id);
        item.put("type", "reasoning");
        item.putArray("summary");
        added(item);
    }

    private void closeReasoning() {
        if (reasoning == null) {
            return;
        }
        Reasoning r = reasoning;
        reasoning = null;
        ObjectNode item = (ObjectNode) output.get(r.index);
        if (r.summaryOpen) {
            String text = r.text.toString();
            ObjectNode done = event("response.reasoning_summary_text.done", r.index, r.id);
            done.put("summary_index", 0);
            done.put("text", text);
            emit(done);
            ObjectNode part = event("response.reasoning_summary_part.done", r.index, r.id);
            part.put("summary_index", 0);
            part.set("part", summaryPart(text));
            emit(part);
            item.putArray("summary").add(summaryPart(text));
        }
        if (r.redacted != null) {
            item.put("encrypted_content", ResponsesToChat.encryptedContent(null, null, r.redacted));
        } else if (r.signature.length() > 0) {
            item.put("encrypted_content", ResponsesToChat.encryptedContent(r.text.toString(), r.signature.toString(), null));
        }
        itemDone(r.index);
    }

    private static ObjectNode summaryPart(String text) {
        ObjectNode part = JSON.objectNode();
        part.put("type", "summary_text");
        part.put("text", text);
        return part;
    }

    private void openCall(ChatEvent.ToolCallStart start) {
        boolean custom = shape.customTools().contains(start.name());
        String callId = start.id() == null || start.id().isEmpty() ? Ids.openAiCall() : start.id();
        Call call = new Call(output.size(), Ids.random(custom ? "ctc_" : "fc_", 48), callId, start.name(), custom);
        calls.put(start.index(), call);
        ObjectNode item = JSON.objectNode();
        item.put("id", call.id);
        item.put("type", custom ? "custom_tool_call" : "function_call");
        item.put("status", "in_progress");
        if (custom) {
            item.put("input", "");
        } else {
            item.put("arguments", "");
        }
        item.put("call_id", callId);
        item.put("name", start.name());
        String namespace = shape.namespaces().get(start.name());
        if (namespace != null) {
            item.put("namespace", namespace);
        }
        added(item);
    }

    private void closeCalls() {
        for (Call call : calls.values()) {
            if (call.closed) {
                continue;
            }
            call.closed = true;
            ObjectNode item = (ObjectNode) output.get(call.index);
            item.put("status", "completed");
            if (call.custom) {
                String input = customInput(call.arguments.toString());
                if (!input.isEmpty()) {
                    ObjectNode delta = event("response.custom_tool_call_input.delta", call.index, call.id);
                    delta.put("delta", input);
                    emit(delta);
                }
                ObjectNode done = event("response.custom_tool_call_input.done", call.index, call.id);
                done.put("input", input);
                emit(done);
                item.put("input", input);
            } else {
                String arguments = call.arguments.length() == 0 ? "{}" : call.arguments.toString();
                ObjectNode done = event("response.function_call_arguments.done", call.index, call.id);
                done.put("name", call.name);
                done.put("arguments", arguments);
                emit(done);
                item.put("arguments", arguments);
            }
            itemDone(call.index);
        }
    }

    /** The {@code input} string of a custom tool's function arguments; unparsable arguments are the input as written. */
    static String customInput(String arguments) {
        try {
            com.fasterxml.jackson.databind.JsonNode parsed = io.aimux.api.RequestBodies.mapper().readTree(arguments);
            if (parsed != null && parsed.isObject() && parsed.path("input").isTextual()) {
                return parsed.get("input").asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the model wrote the input itself
        }
        return arguments;
    }

    private void closeAll() {
        closeMessage();
        closeReasoning();
        closeCalls();
    }

    private void added(ObjectNode item) {
        output.add(item);
        ObjectNode event = JSON.objectNode();
        event.put("type", "response.output_item.added");
        event.put("output_index", output.size() - 1);
        event.set("item", clientItem(item));
        emit(event);
        if (item.path("type").asText().equals("reasoning")) {
            reasoning.summaryOpen = true;
            ObjectNode part = event("response.reasoning_summary_part.added", reasoning.index, reasoning.id);
            part.put("summary_index", 0);
            part.set("part", summaryPart(""));
            emit(part);
        }
    }

    private void itemDone(int index) {
        ObjectNode event = JSON.objectNode();
        event.put("type", "response.output_item.done");
        event.put("output_index", index);
        event.set("item", clientItem((ObjectNode) output.get(index)));
        emit(event);
    }

    private ObjectNode clientItem(ObjectNode item) {
        ObjectNode copy = item.deepCopy();
        if (!shape.includeEncrypted()) {
            copy.remove("encrypted_content");
        }
        return copy;
    }

    /** The response as the client sees it: {@code encrypted_content} only when it asked for it. */
    ObjectNode clientView(ObjectNode response) {
        if (shape.includeEncrypted() || response == null) {
            return response;
        }
        ObjectNode copy = response.deepCopy();
        copy.set("output", ResponseShape.withoutEncrypted((ArrayNode) response.get("output")));
        return copy;
    }

    private static ObjectNode event(String type, int outputIndex, String itemId) {
        ObjectNode event = JSON.objectNode();
        event.put("type", type);
        event.put("item_id", itemId);
        event.put("output_index", outputIndex);
        return event;
    }

    private void emit(ObjectNode event) {
        event.put("sequence_number", sequence++);
        if (out != null) {
            out.accept("event: " + event.path("type").asText() + "\ndata: " + event + "\n\n");
        }
    }

    private static final class Message {
        final int index;
        final String id;
        final StringBuilder text = new StringBuilder();

        Message(int index, String id) {
            this.index = index;
            this.id = id;
        }
    }

    private static final class Reasoning {
        final int index;
        final String id;
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        String redacted;
        boolean summaryOpen;

        Reasoning(int index, String id) {
            this.index = index;
            this.id = id;
        }
    }

    private static final class Call {
        final int index;
        final String id;
        final String callId;
        final String name;
        final boolean custom;
        final StringBuilder arguments = new StringBuilder();
        boolean closed;

        Call(int index, String id, String callId, String name, boolean custom) {
            this.index = index;
            this.id = id;
            this.callId = callId;
            this.name = name;
            this.custom = custom;
        }
    }

    /** Output items so far (for tests). */
    List<String> itemTypes() {
        List<String> types = new ArrayList<>();
        output.forEach(item -> types.add(item.path("type").asText()));
        return types;
    }
}
