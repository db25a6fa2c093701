package io.aimux.conformance;

import io.aimux.testing.CorpusJson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a gateway reply (JSON or SSE, OpenAI or Anthropic shape) into the three facts the corpus
 * compares (tool calls, content, finish) and records every way the reply breaks the client
 * protocol's well-formedness rules.
 */
final class ReplyCollector {

    /** One tool call as the client sees it; {@code arguments} is the raw JSON text. */
    record ToolCall(String id, String name, String arguments) {
    }

    /** What the client received. {@code content} is null when the reply carried no text at all. */
    record Collected(List<ToolCall> toolCalls, String content, String finish, List<String> problems) {
    }

    /** One SSE event block: its {@code event:} name (or null) and its joined {@code data:} lines (or null). */
    record SseBlock(String event, String data) {
    }

    private ReplyCollector() {
    }

    static Collected collect(String api, boolean stream, String contentType, String body, boolean spaceBetweenTextBlocks) {
        if (!stream) {
            return api.equals("openai") ? openAiJson(body) : anthropicJson(body, spaceBetweenTextBlocks);
        }
        List<String> problems = new ArrayList<>();
        if (contentType == null || !contentType.toLowerCase().startsWith("text/event-stream")) {
            problems.add("stream content type is " + contentType + ", not text/event-stream");
        }
        List<SseBlock> blocks = parseSse(body);
        Collected collected = api.equals("openai")
                ? openAiStream(blocks)
                : anthropicStream(blocks, spaceBetweenTextBlocks);
        problems.addAll(collected.problems());
        return new Collected(collected.toolCalls(), collected.content(), collected.finish(), problems);
    }

    /** Splits an SSE body into event blocks at blank lines; comment lines and empty blocks are dropped. */
    static List<SseBlock> parseSse(String body) {
        String normalized = body.replace("\r\n", "\n").replace('\r', '\n');
        List<SseBlock> blocks = new ArrayList<>();
        for (String raw : normalized.split("\n\n")) {
            String event = null;
            StringBuilder data = null;
            for (String line : raw.split("\n", -1)) {
                if (line.isEmpty() || line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
            }
            if (event != null || data != null) {
                blocks.add(new SseBlock(event, data == null ? null : data.toString()));
            }
        }
        return blocks;
    }

    // ---------------------------------------------------------------- OpenAI

    private static Collected openAiJson(String body) {
        List<String> problems = new ArrayList<>();
        JsonNode root = CorpusJson.parseOrNull(body);
        if (root == null || !root.isObject()) {
            problems.add("reply is not a JSON object: " + abbreviate(body));
            return new Collected(List.of(), null, null, problems);
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            problems.add("reply has no choices[0]: " + abbreviate(body));
            return new Collected(List.of(), null, null, problems);
        }
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode arguments = call.path("function").path("arguments");
            if (!arguments.isTextual()) {
                problems.add("tool call arguments are not a JSON string: " + call);
            }
            calls.add(new ToolCall(call.path("id").asText(null), call.path("function").path("name").asText(null),
                    arguments.isTextual() ? arguments.asText() : arguments.toString()));
        }
        JsonNode content = message.path("content");
        String text = content.isTextual() ? content.asText() : null;
        return new Collected(calls, text, choice.path("finish_reason").asText(null), problems);
    }

    private static Collected openAiStream(List<SseBlock> blocks) {
        List<String> problems = new ArrayList<>();
        StringBuilder content = null;
        String finish = null;
        Map<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
        boolean done = false;
        boolean afterDone = false;
        for (SseBlock block : blocks) {
            if (block.data() == null) {
                continue;
            }
            if (done) {
                afterDone = true;
                continue;
            }
            if (block.data().equals("[DONE]")) {
                done = true;
                continue;
            }
            JsonNode chunk = CorpusJson.parseOrNull(block.data());
            if (chunk == null || !chunk.isObject()) {
                problems.add("chunk is not a JSON object: " + abbreviate(block.data()));
                continue;
            }
            if (chunk.has("error")) {
                problems.add("error chunk in stream: " + abbreviate(block.data()));
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isTextual()) {
                    if (content == null) {
                        content = new StringBuilder();
                    }
                    content.append(delta.path("content").asText());
                }
                for (JsonNode fragment : delta.path("tool_calls")) {
                    JsonNode index = fragment.get("index");
                    if (index == null || !index.isIntegralNumber()) {
                        problems.add("tool-call delta without an integer index: " + fragment);
                        continue;
                    }
                    String[] call = calls.get(index.asInt());
                    if (call == null) {
                        String id = fragment.path("id").asText("");
                        String name = fragment.path("function").path("name").asText("");
                        if (id.isEmpty() || name.isEmpty()) {
                            problems.add("first fragment of tool call " + index + " lacks id or function.name: " + fragment);
                        }
                        call = new String[] {id, name, ""};
                        calls.put(index.asInt(), call);
                    }
                    JsonNode arguments = fragment.path("function").path("arguments");
                    if (arguments.isTextual()) {
                        call[2] += arguments.asText();
                    } else if (!arguments.isMissingNode() && !arguments.isNull()) {
                        problems.add("tool-call arguments fragment is not a string: " + fragment);
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        }
        if (!done) {
            problems.add("stream does not end with data: [DONE]");
        }
        if (afterDone) {
            problems.add("events after data: [DONE]");
        }
        int expectedIndex = 0;
        List<ToolCall> list = new ArrayList<>();
        for (Map.Entry<Integer, String[]> e : calls.entrySet()) {
            if (e.getKey() != expectedIndex) {
                problems.add("tool-call indexes are " + calls.keySet() + ", not 0.." + (calls.size() - 1));
                break;
            }
            expectedIndex++;
        }
        for (String[] call : calls.values()) {
            list.add(new ToolCall(call[0], call[1], call[2]));
        }
        return new Collected(list, content == null ? null : content.toString(), finish, problems);
    }

    // ---------------------------------------------------------------- Anthropic

    private static Collected anthropicJson(String body, boolean spaceBetweenTextBlocks) {
        List<String> problems = new ArrayList<>();
        JsonNode root = CorpusJson.parseOrNull(body);
        if (root == null || !root.isObject()) {
            problems.add("reply is not a JSON object: " + abbreviate(body));
            return new Collected(List.of(), null, null, problems);
        }
        if (!"message".equals(root.path("type").asText())) {
            problems.add("reply type is " + root.path("type") + ", not message");
        }
        List<ToolCall> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> texts.add(block.path("text").asText(""));
                case "tool_use" -> {
                    JsonNode input = block.path("input");
                    if (!input.isObject()) {
                        problems.add("tool_use input is not an object: " + block);
                    }
                    calls.add(new ToolCall(block.path("id").asText(null), block.path("name").asText(null),
                            input.isMissingNode() || input.isNull() ? "{}" : input.toString()));
                }
                default -> {
                }
            }
        }
        String content = texts.isEmpty() ? null : String.join(spaceBetweenTextBlocks ? " " : "", texts);
        return new Collected(calls, content, root.path("stop_reason").asText(null), problems);
    }

    private static final class OpenBlock {
        final String type;
        final String id;
        final String name;
        final JsonNode startInput;
        final StringBuilder text = new StringBuilder();
        boolean sawJsonDelta;
        boolean stopped;

        OpenBlock(String type, String id, String name, JsonNode startInput) {
            this.type = type;
            this.id = id;
            this.name = name;
            this.startInput = startInput;
        }
    }

    private static Collected anthropicStream(List<SseBlock> blocks, boolean spaceBetweenTextBlocks) {
        List<String> problems = new ArrayList<>();
        Map<Integer, OpenBlock> content = new LinkedHashMap<>();
        String finish = null;
        boolean started = false;
        boolean sawMessageDelta = false;
        boolean stopped = false;
        boolean afterStop = false;
        for (SseBlock block : blocks) {
            if (stopped) {
                afterStop = true;
                continue;
            }
            if (block.data() == null) {
                problems.add("event without data: " + block.event());
                continue;
            }
            JsonNode data = CorpusJson.parseOrNull(block.data());
            if (data == null || !data.isObject()) {
                problems.add("event data is not a JSON object: " + abbreviate(block.data()));
                continue;
            }
            String type = data.path("type").asText("");
            if (block.event() == null) {
                problems.add("event " + type + " has no event: line");
            } else if (!block.event().equals(type)) {
                problems.add("event: " + block.event() + " carries data of type " + type);
            }
            if (!started && !type.equals("message_start")) {
                problems.add(type + " before message_start");
            }
            switch (type) {
                case "message_start" -> {
                    if (started) {
                        problems.add("second message_start");
                    }
                    started = true;
                }
                case "content_block_start" -> {
                    int index = data.path("index").asInt(-1);
                    if (index != content.size()) {
                        problems.add("content_block_start index " + index + " out of order (expected " + content.size() + ")");
                    }
                    JsonNode cb = data.path("content_block");
                    OpenBlock open = new OpenBlock(cb.path("type").asText(), cb.path("id").asText(null),
                            cb.path("name").asText(null), cb.get("input"));
                    if (open.type.equals("text")) {
                        open.text.append(cb.path("text").asText(""));
                    }
                    if (content.putIfAbsent(index, open) != null) {
                        problems.add("block " + index + " started twice");
                    }
                }
                case "content_block_delta" -> {
                    int index = data.path("index").asInt(-1);
                    OpenBlock open = content.get(index);
                    if (open == null || open.stopped) {
                        problems.add("delta for block " + index + ", which is not open");
                        continue;
                    }
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> {
                            if (!open.type.equals("text")) {
                                problems.add("text_delta in a " + open.type + " block");
                            }
                            open.text.append(delta.path("text").asText(""));
                        }
                        case "input_json_delta" -> {
                            if (!open.type.equals("tool_use")) {
                                problems.add("input_json_delta in a " + open.type + " block");
                            }
                            open.sawJsonDelta = true;
                            open.text.append(delta.path("partial_json").asText(""));
                        }
                        default -> {
                        }
                    }
                }
                case "content_block_stop" -> {
                    int index = data.path("index").asInt(-1);
                    OpenBlock open = content.get(index);
                    if (open == null || open.stopped) {
                        problems.add("content_block_stop for block " + index + ", which is not open");
                    } else {
                        open.stopped = true;
                    }
                }
                case "message_delta" -> {
                    sawMessageDelta = true;
                    if (data.path("delta").hasNonNull("stop_reason")) {
                        finish = data.path("delta").path("stop_reason").asText();
                    }
                }
                case "message_stop" -> {
                    if (!sawMessageDelta) {
                        problems.add("message_stop without a message_delta before it");
                    }
                    stopped = true;
                }
                case "ping" -> {
                }
                case "error" -> problems.add("error event: " + abbreviate(block.data()));
                default -> problems.add("unknown event type " + type);
            }
        }
        if (!started) {
            problems.add("no message_start");
        }
        if (!stopped) {
            problems.add("no message_stop");
        }
        if (afterStop) {
            problems.add("events after message_stop");
        }
        List<ToolCall> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map.Entry<Integer, OpenBlock> e : content.entrySet()) {
            OpenBlock open = e.getValue();
            if (!open.stopped) {
                problems.add("block " + e.getKey() + " (" + open.type + ") never stopped");
            }
            if (open.type.equals("text")) {
                texts.add(open.text.toString());
            } else if (open.type.equals("tool_use")) {
                String arguments;
                if (open.sawJsonDelta && !open.text.isEmpty()) {
                    arguments = open.text.toString();
                } else if (!open.sawJsonDelta && open.startInput != null && open.startInput.isObject()
                        && open.startInput.size() > 0) {
                    arguments = open.startInput.toString();
                } else {
                    arguments = "{}";
                }
                calls.add(new ToolCall(open.id, open.name, arguments));
            }
        }
        String text = texts.isEmpty() ? null : String.join(spaceBetweenTextBlocks ? " " : "", texts);
        return new Collected(calls, text, finish, problems);
    }

    /** Duplicate or empty ids among the calls, as problems. */
    static List<String> idProblems(List<ToolCall> calls) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ToolCall call : calls) {
            if (call.id() == null || call.id().isEmpty()) {
                problems.add("tool call " + call.name() + " has no id");
            } else if (!seen.add(call.id())) {
                problems.add("duplicate tool-call id " + call.id());
            }
        }
        return problems;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
