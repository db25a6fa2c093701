package io.aimux.limits;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;
import io.aimux.translate.TokenEstimate;

/**
 * What a request is charged against tokens-per-minute limits when it is admitted: its estimated
 * input plus the output it asks for, the latter capped at {@value #OUTPUT_CAP} (agents ask for
 * 32k-64k on every turn and use a fraction; charging it all would make the limit useless). The
 * charge is corrected to the real usage once the answer is done. Computed at most once, and only
 * when a limit needs it: tokenizing a long conversation costs milliseconds.
 */
public final class TokenDemand {

    /** Output tokens charged at most on admission; also the charge when the client names no limit. */
    public static final long OUTPUT_CAP = 4096;

    private final WireProtocol protocol;
    private final JsonNode body;
    private long tokens = -1;

    public TokenDemand(WireProtocol protocol, JsonNode body) {
        this.protocol = protocol;
        this.body = body;
    }

    /** A fixed demand (tests, callers that know it). */
    public static TokenDemand of(long tokens) {
        TokenDemand demand = new TokenDemand(WireProtocol.OPENAI, null);
        demand.tokens = tokens;
        return demand;
    }

    public long tokens() {
        if (tokens < 0) {
            long input = protocol == WireProtocol.ANTHROPIC ? TokenEstimate.anthropicRequest(body)
                    : TokenEstimate.openAiRequest(body);
            tokens = input + Math.min(OUTPUT_CAP, requestedOutput(body));
        }
        return tokens;
    }

    private long requestedOutput(JsonNode body) {
        for (String field : protocol == WireProtocol.ANTHROPIC ? new String[] {"max_tokens"}
                : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = body.get(field);
            if (value != null && value.canConvertToLong() && value.asLong() > 0) {
                return value.asLong();
            }
        }
        return OUTPUT_CAP;
    }
}
