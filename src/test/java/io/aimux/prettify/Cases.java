package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ToolSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Loads the text-extraction conformance cases and runs the extractor like the gateway would. */
final class Cases {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Case(String id, String family, boolean stream, List<ToolSpec> tools, List<String> chunks,
                JsonNode expect) {
        String text() {
            return String.join("", chunks);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** What the extractor produced, merged. */
    record Result(List<TextPiece.Call> calls, String content, String reasoning, List<TextPiece> pieces) {}

    private Cases() {}

    static List<Case> load() {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(caseDir())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode c = MAPPER.readTree(p.toFile());
                if (!"response".equals(c.path("kind").asText())) {
                    continue;
                }
                String family = c.path("family").asText();
                if (!family.startsWith("text/") && !family.equals("negative") && !family.equals("malformed")) {
                    continue;
                }
                List<ToolSpec> tools = new ArrayList<>();
                for (JsonNode t : c.path("request_tools")) {
                    tools.add(new ToolSpec(t.path("name").asText(), t.get("parameters")));
                }
                out.add(new Case(c.path("id").asText(), family, c.path("stream").asBoolean(), tools,
                        chunks(c), c.path("expect")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Path caseDir() {
        URL url = Cases.class.getClassLoader().getResource("conformance/cases");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return Path.of("src/test/resources/conformance/cases");
    }

    /** The assistant text as it arrives: one chunk per text delta, or the whole text. */
    static List<String> chunks(JsonNode c) {
        List<String> out = new ArrayList<>();
        boolean openai = "openai".equals(c.path("upstream_protocol").asText());
        JsonNode up = c.path("upstream");
        if (!c.path("stream").asBoolean()) {
            JsonNode body = up.path("body");
            if (openai) {
                JsonNode content = body.path("choices").path(0).path("message").path("content");
                if (content.isTextual()) {
                    out.add(content.asText());
                }
            } else {
                StringBuilder sb = new StringBuilder();
                for (JsonNode block : body.path("content")) {
                    if ("text".equals(block.path("type").asText())) {
                        sb.append(block.path("text").asText());
                    }
                }
                out.add(sb.toString());
            }
            return out;
        }
        for (JsonNode ev : up.path("sse")) {
            String data = null;
            for (String line : ev.asText().split("\n")) {
                if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
            if (data == null || data.equals("[DONE]")) {
                continue;
            }
            JsonNode j;
            try {
                j = MAPPER.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (openai) {
                for (JsonNode ch : j.path("choices")) {
                    JsonNode content = ch.path("delta").path("content");
                    if (content.isTextual() && !content.asText().isEmpty()) {
                        out.add(content.asText());
                    }
                }
            } else if ("content_block_delta".equals(j.path("type").asText())
                    && "text_delta".equals(j.path("delta").path("type").asText())) {
                out.add(j.path("delta").path("text").asText());
            }
        }
        return out;
    }

    static Result run(List<ToolSpec> tools, ExtractorSettings settings, List<String> chunks) {
        TextCallExtractor x = new TextCallExtractor(tools, settings);
        List<TextPiece> pieces = new ArrayList<>();
        for (String ch : chunks) {
            x.accept(ch, pieces);
        }
        x.finish(pieces);
        return summarize(pieces);
    }

    static Result run(List<ToolSpec> tools, List<String> chunks) {
        return run(tools, ExtractorSettings.defaults(), chunks);
    }

    /**
     * Collects the pieces; {@link Result#pieces()} merges consecutive content pieces and
     * consecutive reasoning pieces (their split depends on the chunking) and drops empty ones.
     */
    static Result summarize(List<TextPiece> pieces) {
        List<TextPiece.Call> calls = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<TextPiece> merged = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        boolean runIsReasoning = false;
        for (TextPiece p : pieces) {
            boolean isContent = p instanceof TextPiece.Content;
            boolean isReasoning = p instanceof TextPiece.Reasoning;
            if (isContent || isReasoning) {
                String text = isContent ? ((TextPiece.Content) p).text() : ((TextPiece.Reasoning) p).text();
                (isContent ? content : reasoning).append(text);
                if (run.length() > 0 && runIsReasoning != isReasoning) {
                    merged.add(textPiece(run.toString(), runIsReasoning));
                    run.setLength(0);
                }
                runIsReasoning = isReasoning;
                run.append(text);
                continue;
            }
            if (run.length() > 0) {
                merged.add(textPiece(run.toString(), runIsReasoning));
                run.setLength(0);
            }
            if (p instanceof TextPiece.Call call) {
                calls.add(call);
            }
            merged.add(p);
        }
        if (run.length() > 0) {
            merged.add(textPiece(run.toString(), runIsReasoning));
        }
        return new Result(calls, content.toString(), reasoning.toString(), merged);
    }

    private static TextPiece textPiece(String text, boolean reasoning) {
        return reasoning ? new TextPiece.Reasoning(text) : new TextPiece.Content(text);
    }

    static String collapse(String s) {
        StringBuilder sb = new StringBuilder();
        boolean ws = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                ws = true;
            } else {
                if (ws && sb.length() > 0) {
                    sb.append(' ');
                }
                ws = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deep equality of parsed JSON where numbers compare by value (3 equals 3.0). */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!jsonEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
