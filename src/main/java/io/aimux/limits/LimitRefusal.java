package io.aimux.limits;

import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;

/**
 * A request refused by a rate limit, a budget or a provider quota (429), or because the limits
 * could not be checked while the state store is down and {@code state.on_unavailable=closed}
 * (503). Recorded as {@code rejected}: the client was refused, no upstream failed.
 */
public final class LimitRefusal extends GatewayException {

    /** OpenAI's code for rate limits. */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    /** OpenAI's code for a spent budget. */
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    public LimitRefusal(ErrorKind kind, String message, String code, int retryAfterSeconds) {
        super(kind, message, code, retryAfterSeconds);
    }
}
