package io.aimux.error;

/**
 * Every error a client can receive, with its HTTP status and its type name in each protocol.
 * This enum is the one place where statuses are decided.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error", "authentication_error"),
    PERMISSION(403, "permission_error", "permission_error"),
    NOT_FOUND(404, "not_found_error", "not_found_error"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "invalid_request_error"),
    /** The request clashes with the current state (an id taken, a configured key changed through the API). */
    CONFLICT(409, "invalid_request_error", "invalid_request_error"),
    /** The client did not finish sending its request in time. */
    REQUEST_TIMEOUT(408, "invalid_request_error", "invalid_request_error"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "invalid_request_error"),
    UNPROCESSABLE(422, "invalid_request_error", "invalid_request_error"),
    /** Refused by the content guard; the type names the refusal, the message and code the pattern. */
    GUARD_BLOCKED(400, "guard_blocked", "guard_blocked"),
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_error"),
    UPSTREAM(502, "api_error", "api_error"),
    UNAVAILABLE(503, "api_error", "overloaded_error"),
    /** Anthropic's own status for an overloaded API; Claude Code retries it with backoff. */
    OVERLOADED(529, "api_error", "overloaded_error"),
    TIMEOUT(504, "timeout_error", "timeout_error");

    private final int status;
    private final String openAiType;
    private final String anthropicType;

    ErrorKind(int status, String openAiType, String anthropicType) {
        this.status = status;
        this.openAiType = openAiType;
        this.anthropicType = anthropicType;
    }

    public int status() {
        return status;
    }

    public String openAiType() {
        return openAiType;
    }

    public String anthropicType() {
        return anthropicType;
    }

    /** Whether a failure of this kind from one upstream justifies trying the next one. */
    public boolean retryable() {
        return this == RATE_LIMITED || this == UPSTREAM || this == UNAVAILABLE || this == OVERLOADED || this == TIMEOUT;
    }

    /**
     * Kind for the error type of an error event inside an upstream answer (Anthropic's
     * {@code overloaded_error}, {@code rate_limit_error}…, OpenAI's error {@code type}), so a
     * failure keeps its meaning instead of becoming a generic 502.
     */
    public static ErrorKind fromErrorType(String type) {
        if (type == null) {
            return UPSTREAM;
        }
        return switch (type) {
            case "overloaded_error" -> OVERLOADED;
            case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota" -> RATE_LIMITED;
            case "timeout_error" -> TIMEOUT;
            case "invalid_request_error", "request_too_large" -> INVALID_REQUEST;
            case "guard_blocked" -> GUARD_BLOCKED;
            default -> UPSTREAM;
        };
    }

    /** Kind for an upstream HTTP status. */
    public static ErrorKind fromUpstreamStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UPSTREAM; // our upstream key is wrong: not the client's fault
            case 403 -> UPSTREAM;
            case 404 -> NOT_FOUND;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 422 -> UNPROCESSABLE;
            case 429 -> RATE_LIMITED;
            case 408, 504 -> TIMEOUT;
            case 503 -> UNAVAILABLE;
            case 529 -> OVERLOADED;
            default -> status >= 500 ? UPSTREAM : INVALID_REQUEST;
        };
    }
}
