package io.aimux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.provider.UpstreamErrors;

/**
 * Turns a complete OpenAI Chat Completions body into the same events a stream would give, so the
 * rest of the pipeline has one shape to handle. Cerebras' {@code reasoning} and vLLM's
 * {@code reasoning_content} become thinking, never content.
 */
public final class OpenAiResponseDecoder {

    private OpenAiResponseDecoder() {
    }

    public static void decode(JsonNode body, ChatEventSink sink) {
        JsonNode error = body.get("error");
        if ((error != null && error.isObject()) || !body.path("choices").path(0).isObject()) {
            // some hosts answer 200 with an error body; it is a failure, not an empty answer
            sink.accept(error != null && error.isObject()
                    ? new ChatEvent.Failure(UpstreamErrors.type(error), "upstream error: " + UpstreamErrors.safeMessage(error))
                    : new ChatEvent.Failure("api_error", "upstream answer has no choices"));
            sink.end();
            return;
        }
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        for (String field : new String[] {"reasoning_content", "reasoning"}) {
            JsonNode reasoning = message.get(field);
            if (reasoning != null && reasoning.isTextual() && !reasoning.asText().isEmpty()) {
                sink.accept(new ChatEvent.ThinkingDelta(reasoning.asText()));
            }
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            sink.accept(new ChatEvent.TextDelta(content.asText()));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            String id = call.path("id").asText("");
            sink.accept(new ChatEvent.ToolCallStart(index, id.isEmpty() ? null : id, call.path("function").path("name").asText("")));
            JsonNode args = call.path("function").get("arguments");
            if (args != null && args.isTextual() && !args.asText().isEmpty()) {
                sink.accept(new ChatEvent.ToolCallDelta(index, args.asText()));
            } else if (args != null && args.isObject()) {
                sink.accept(new ChatEvent.ToolCallDelta(index, args.toString()));
            }
            index++;
        }
        JsonNode usage = body.get("usage");
        if (usage != null && usage.isObject()) {
            sink.accept(new ChatEvent.UsageReport(OpenAiStreamDecoder.usage(usage)));
        }
        sink.accept(new ChatEvent.Finish(FinishReason.fromOpenAi(choice.path("finish_reason").asText(null))));
        sink.end();
    }
}
