package io.aimux.error;

/**
 * An error meant for the client. The message must be safe to show: no keys, stack traces,
 * class names or raw upstream bodies.
 */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final Integer retryAfterSeconds;
    private final String code;
    private final String param;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public GatewayException(ErrorKind kind, String message, String code, Integer retryAfterSeconds) {
        this(kind, message, code, retryAfterSeconds, null);
    }

    /** With {@code param}: the request field at fault, OpenAI's {@code error.param}. */
    public GatewayException(ErrorKind kind, String message, String code, Integer retryAfterSeconds, String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.param = param;
    }

    /** The request field at fault (OpenAI {@code error.param}), or null. */
    public String param() {
        return param;
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
