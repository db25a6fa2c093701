package io.aimux.provider;

import io.aimux.chat.ChatEventSink;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/** An accepted upstream answer, not yet consumed. Exactly one of the start methods is called. */
public interface UpstreamReply {

    /** The wire format of the bytes, or null when the reply only exists as events (mock). */
    io.aimux.chat.WireProtocol protocol();

    /**
     * Delivers the raw body bytes as they arrive; {@code end} runs once after the last chunk
     * with null, or with the failure that cut the body short. Only for wire replies.
     */
    void streamBytes(Handler<Buffer> chunk, Handler<Throwable> end);

    /** Pauses / resumes byte delivery (back-pressure from a slow client). */
    void pause();

    void resume();

    /**
     * For replies that are events natively (the mock provider); wire replies are decoded by the
     * caller instead.
     */
    default void streamEvents(ChatEventSink sink) {
        throw new UnsupportedOperationException("wire reply: decode the bytes");
    }

    /** Aborts the upstream request at once (client went away). Idempotent. */
    void cancel();
}
