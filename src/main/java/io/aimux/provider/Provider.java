package io.aimux.provider;

import io.aimux.chat.WireProtocol;
import io.smallrye.mutiny.Uni;

/** One configured upstream. Implementations hide how they talk to it. */
public interface Provider {

    /** The configured name, the text before the first {@code /} of a model id. */
    String name();

    /** The request format this provider expects in {@link UpstreamRequest#body()}. */
    WireProtocol protocol();

    /**
     * Sends a request. The returned Uni completes once the upstream accepted it (success status
     * received) and fails with a {@link io.aimux.error.GatewayException} otherwise, so callers can
     * fail over before any byte reached the client.
     */
    Uni<UpstreamReply> send(UpstreamRequest request);

    /**
     * Whether this is a real upstream that judges same-protocol requests itself, so the gateway
     * relays what it does not understand. The mock is not: the gateway checks requests for it.
     */
    default boolean judgesRequests() {
        return true;
    }

    /**
     * Whether the upstream speaks the OpenAI Responses API ({@code type: openai-responses}): it
     * serves only Responses clients, whose requests it gets as they came.
     */
    default boolean speaksResponses() {
        return false;
    }

    /** Whether {@link #countTokens} gives exact counts (Anthropic's count_tokens endpoint). */
    default boolean countsTokens() {
        return false;
    }

    /** Asks the upstream to count the tokens of a Messages request; only when {@link #countsTokens}. */
    default Uni<UpstreamReply> countTokens(UpstreamRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException(name() + " does not count tokens"));
    }
}
