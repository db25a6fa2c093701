package io.aimux.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;
import io.aimux.translate.TokenEstimate;

/**
 * What routing reads of one request: its protocol, body and model name, and an input token
 * estimate computed at most once and only if a rule needs it (tokenizing a long conversation
 * costs milliseconds).
 */
public final class RoutingRequest {

    private final WireProtocol protocol;
    private final JsonNode body;
    private final String model;
    private long tokenEstimate = -1;

    public RoutingRequest(WireProtocol protocol, JsonNode body, String model) {
        this.protocol = protocol;
        this.body = body;
        this.model = model;
    }

    public WireProtocol protocol() {
        return protocol;
    }

    public JsonNode body() {
        return body;
    }

    public String model() {
        return model;
    }

    /** Estimated input tokens: Claude tokens for Anthropic bodies, o200k tokens for OpenAI bodies. */
    public long tokenEstimate() {
        if (tokenEstimate < 0) {
            tokenEstimate = protocol == WireProtocol.ANTHROPIC
                    ? TokenEstimate.anthropicRequest(body) : TokenEstimate.openAiRequest(body);
        }
        return tokenEstimate;
    }
}
