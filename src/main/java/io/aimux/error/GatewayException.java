package io.aimux.error;

/**
 * An error meant for the client. The message must be safe to show: no keys, stack traces,
 * class names or raw upstream bodies.
 */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final Integer retryAfterSeconds;
    private final String code;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public GatewayException(ErrorKind kind, String message, String code, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Optional machine-readable code (OpenAI {@code error.code}). */
    public String code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message);
    }
}
