package io.aimux.provider;

import io.aimux.chat.ChatEventSink;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/** An accepted upstream answer, not yet consumed. Exactly one of the start methods is called. */
public interface UpstreamReply {

    /** The wire format of the bytes, or null when the reply only exists as events (mock); passthrough needs the client's. */
    io.aimux.chat.WireProtocol protocol();

    /**
     * Delivers the raw body bytes as they arrive; {@code end} runs once after the last chunk
     * with null, or with the failure that cut the body short ({@link SilenceException} when the
     * upstream went quiet past the idle limit). Only for wire replies.
     */
    void streamBytes(Handler<Buffer> chunk, Handler<Throwable> end);

    /** The upstream's content type, or null when unknown (the mock). */
    default String contentType() {
        return null;
    }

    /** Pauses / resumes byte delivery (back-pressure from a slow client). */
    void pause();

    void resume();

    /**
     * Delivers the answer as events, decoded from the reply's own wire format (or, for the mock,
     * as scripted), ending {@code sink} exactly once. Use either this or {@link #streamBytes}.
     */
    void streamEvents(ChatEventSink sink);

    /** Aborts the upstream request at once (client went away). Idempotent. */
    void cancel();

    /** The upstream sent nothing for longer than {@code limits.idle_timeout_seconds} mid-answer. */
    final class SilenceException extends java.util.concurrent.TimeoutException {
        public SilenceException(String message) {
            super(message);
        }
    }

    /** The failure event for a body cut short by {@code error}: a silence keeps its timeout kind. */
    static io.aimux.chat.ChatEvent.Failure brokeOff(Throwable error, String what) {
        return error instanceof SilenceException silence
                ? new io.aimux.chat.ChatEvent.Failure("timeout_error", silence.getMessage())
                : new io.aimux.chat.ChatEvent.Failure("api_error", what);
    }
}
