package io.aimux.api.chat;

import io.aimux.error.ErrorKind;

/** The ledger state one request ended in, as counted in {@code aimux_requests_total{outcome}}. */
enum Outcome {
    COMPLETED("completed"),
    /** Refused: bad input, unknown model, a limit, or an upstream 4xx the client caused. */
    REJECTED("rejected"),
    UPSTREAM_ERROR("upstream_error"),
    TIMEOUT("timeout"),
    CLIENT_CANCELLED("client_cancelled");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The state of answering with an error of this kind (429 and 5xx count against the upstream). */
    static Outcome ofError(ErrorKind kind) {
        if (kind == ErrorKind.TIMEOUT) {
            return TIMEOUT;
        }
        return kind.status() < 500 && kind != ErrorKind.RATE_LIMITED ? REJECTED : UPSTREAM_ERROR;
    }
}
