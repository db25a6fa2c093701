package io.aimux.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.anthropic.AnthropicResponseEncoder;
import io.aimux.api.openai.OpenAiResponseEncoder;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.SseEventParser;
import io.aimux.chat.WireProtocol;
import io.aimux.provider.WireDecoders;
import io.aimux.chat.ToolSpec;
import io.aimux.error.GatewayException;
import io.aimux.prettify.ExtractorSettings;
import io.aimux.prettify.PrettifierSettings;
import io.aimux.prettify.PrettifyStage;
import io.aimux.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a pasted upstream answer (JSON body or SSE text) through the same decoders and prettifier
 * as live traffic, so an operator can see what AIMUX makes of it.
 */
@ApplicationScoped
public class PrettifierFormatter {

    private static final int MAX_TOOLS = 512;

    private final ProviderRegistry providers;
    private final PrettifierSettings settings;
    private final ObjectMapper mapper;

    public PrettifierFormatter(ProviderRegistry providers, PrettifierSettings settings, ObjectMapper mapper) {
        this.providers = providers;
        this.settings = settings;
        this.mapper = mapper;
    }

    public ObjectNode format(ObjectNode body) {
        String provider = text(body, "provider", null);
        if (provider != null && !providers.configured(provider)) {
            throw GatewayException.invalid("provider: no such provider is configured");
        }
        JsonNode response = body.get("response");
        if (response == null || !(response.isObject() || response.isTextual())) {
            throw GatewayException.invalid("response: required, the upstream JSON body or its SSE text");
        }
        String protocol = text(body, "protocol", null);
        if (protocol == null) {
            protocol = guessProtocol(response);
        }
        if (!protocol.equals("openai") && !protocol.equals("anthropic")) {
            throw GatewayException.invalid("protocol: must be openai or anthropic");
        }
        String client = text(body, "client", "openai");
        if (!client.equals("openai") && !client.equals("anthropic")) {
            throw GatewayException.invalid("client: must be openai or anthropic");
        }
        List<ToolSpec> tools = tools(body.get("tools"));
        ExtractorSettings extractor = provider == null ? ExtractorSettings.defaults() : settings.extractorSettings(provider);

        ResponseAccumulator answer = new ResponseAccumulator();
        PrettifyStage stage = new PrettifyStage(answer, tools, extractor, null);
        if (response.isObject()) {
            WireDecoders.body(wire(protocol), response, stage);
        } else {
            decodeSse(protocol, response.asText(), stage);
        }
        ChatEvent.Failure failure = answer.failure();
        if (failure != null) {
            throw GatewayException.invalid("response: " + failure.message());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("success", true);
        out.put("protocol", protocol);
        out.put("client", client);
        String model = text(response.isObject() ? (ObjectNode) response : mapper.createObjectNode(), "model", "unknown");
        out.set("result", client.equals("openai") ? OpenAiResponseEncoder.encode(answer, model)
                : AnthropicResponseEncoder.encode(answer, model));
        out.put("extracted_from_text", stage.extracted());
        return out;
    }

    private void decodeSse(String protocol, String text, PrettifyStage stage) {
        WireDecoders.StreamDecoder decoder = WireDecoders.stream(wire(protocol), mapper, stage);
        SseEventParser parser = new SseEventParser(WireDecoders.MAX_SSE_EVENT, decoder::onEvent);
        try {
            parser.feed(text.getBytes(StandardCharsets.UTF_8));
            parser.finish();
        } catch (io.aimux.chat.StreamFormatException e) {
            throw GatewayException.invalid("response: " + e.getMessage());
        }
        if (!decoder.done()) {
            stage.accept(new ChatEvent.Failure("invalid_request_error", "the stream has no terminal event"));
        }
        stage.end();
    }

    private static String guessProtocol(JsonNode response) {
        if (response.isObject()) {
            return response.has("choices") ? "openai" : "anthropic";
        }
        return response.asText().contains("message_start") ? "anthropic" : "openai";
    }

    private static List<ToolSpec> tools(JsonNode node) {
        List<ToolSpec> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        if (!node.isArray() || node.size() > MAX_TOOLS) {
            throw GatewayException.invalid("tools: must be a list of at most " + MAX_TOOLS + " tools");
        }
        for (JsonNode tool : node) {
            JsonNode function = tool.has("function") ? tool.get("function") : tool;
            JsonNode name = function.get("name");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw GatewayException.invalid("tools: every tool needs a name");
            }
            JsonNode schema = function.has("parameters") ? function.get("parameters") : function.get("input_schema");
            tools.add(new ToolSpec(name.asText(), schema));
        }
        return tools;
    }

    private static String text(ObjectNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalid(field + ": must be a string");
        }
        return value.asText();
    }

    private static WireProtocol wire(String protocol) {
        return protocol.equals("openai") ? WireProtocol.OPENAI : WireProtocol.ANTHROPIC;
    }
}
