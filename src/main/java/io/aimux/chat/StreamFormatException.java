package io.aimux.chat;

/**
 * An upstream stream broke its wire format (an event that is not JSON, an oversized event). The
 * message is written for clients; no other exception's message ever reaches one.
 */
public final class StreamFormatException extends RuntimeException {

    public StreamFormatException(String message) {
        super(message, null, false, false);
    }
}
