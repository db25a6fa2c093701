package io.aimux.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.provider.Provider;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * A client protocol served by converting its requests to Chat Completions (the OpenAI Responses
 * API): the conversion, and the encoders that answer in its shape. One instance per request.
 * The answer is always decoded into events, never relayed, since the upstream speaks another shape.
 */
public interface FrontDoor {

    /** The {@code api} label of usage records and metrics. */
    String api();

    /** The request as a Chat Completions body; fails with a {@link io.aimux.error.GatewayException} for bad input. */
    Future<ObjectNode> convert(RoutingContext ctx);

    /** Encodes a streamed answer; frames go to {@code out}. */
    ChatEventSink streamEncoder(Consumer<String> out);

    /** The body of a complete, non-streamed answer. */
    ObjectNode body(ResponseAccumulator answer);

    /** Fits the body prepared for one target to its provider (called for every attempt). */
    void adapt(ObjectNode upstreamBody, Provider provider);

    /**
     * The request as an upstream of this door's own protocol gets it ({@link Provider#speaksResponses}),
     * with {@code model} set; its answer is then relayed as it comes. Null: this door cannot relay.
     */
    default ObjectNode nativeBody(String model) {
        return null;
    }

    /** Ends a relayed stream, after {@code relayedEvents} upstream events, with a failure in this door's protocol. */
    default ChatEventSink relayFailure(Consumer<String> out, int relayedEvents) {
        return streamEncoder(out);
    }
}
