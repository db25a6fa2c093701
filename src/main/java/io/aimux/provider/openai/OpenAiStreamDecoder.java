package io.aimux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.SseEvent;
import io.aimux.chat.StreamFormatException;
import io.aimux.chat.Usage;
import io.aimux.provider.UpstreamErrors;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes an OpenAI Chat Completions chunk stream into {@link ChatEvent}s. Handles the shapes of
 * OpenAI, vLLM, Cerebras and others: tool-call fragments keyed by {@code index}, usage in a final
 * {@code choices: []} chunk or inside the finish chunk, {@code reasoning_content} / {@code reasoning}
 * deltas. See https://platform.openai.com/docs/api-reference/chat-streaming
 */
public final class OpenAiStreamDecoder implements io.aimux.provider.WireDecoders.StreamDecoder {

    private final ObjectMapper mapper;
    private final ChatEventSink sink;
    /** Upstream tool index to our sequential index; a new id at a used index starts a new call. */
    private final Map<Integer, Integer> callIndexes = new HashMap<>();
    private final Map<Integer, String> callIds = new HashMap<>();
    private int calls;
    private boolean finished;
    private boolean done;

    public OpenAiStreamDecoder(ObjectMapper mapper, ChatEventSink sink) {
        this.mapper = mapper;
        this.sink = sink;
    }

    /** Whether the terminal {@code [DONE]} arrived. */
    @Override
    public boolean done() {
        return done;
    }

    @Override
    public void onEvent(SseEvent event) {
        String data = event.data();
        if (data.isEmpty() || done) {
            return;
        }
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = mapper.readTree(data);
        } catch (IOException e) {
            throw new StreamFormatException("upstream sent a chunk that is not JSON");
        }
        onChunk(chunk);
    }

    void onChunk(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            sink.accept(new ChatEvent.Failure(UpstreamErrors.type(error), UpstreamErrors.safeMessage(error)));
            done = true;
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // n > 1 is not supported; only the first choice is relayed
            }
            JsonNode delta = choice.path("delta");
            text(delta, "reasoning_content", true);
            text(delta, "reasoning", true);
            text(delta, "content", false);
            for (JsonNode call : delta.path("tool_calls")) {
                toolCall(call);
            }
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isTextual() && !finished) {
                finished = true;
                sink.accept(new ChatEvent.Finish(FinishReason.fromOpenAi(reason.asText())));
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            sink.accept(new ChatEvent.UsageReport(usage(usage)));
        }
    }

    private void text(JsonNode delta, String field, boolean thinking) {
        JsonNode value = delta.get(field);
        if (value != null && value.isTextual() && !value.asText().isEmpty()) {
            sink.accept(thinking ? new ChatEvent.ThinkingDelta(value.asText()) : new ChatEvent.TextDelta(value.asText()));
        }
    }

    private void toolCall(JsonNode call) {
        int upstreamIndex = call.path("index").asInt(callIndexes.size());
        String id = call.path("id").asText("");
        Integer ours = callIndexes.get(upstreamIndex);
        if (ours == null || (!id.isEmpty() && !id.equals(callIds.get(upstreamIndex)))) {
            ours = calls++;
            callIndexes.put(upstreamIndex, ours);
            callIds.put(upstreamIndex, id);
            String name = call.path("function").path("name").asText("");
            sink.accept(new ChatEvent.ToolCallStart(ours, id.isEmpty() ? null : id, name));
        }
        JsonNode args = call.path("function").get("arguments");
        if (args != null && args.isTextual() && !args.asText().isEmpty()) {
            sink.accept(new ChatEvent.ToolCallDelta(ours, args.asText()));
        }
    }

    /** Reads an OpenAI usage object. */
    public static Usage usage(JsonNode usage) {
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0), cached, 0,
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    }
}
