package io.aimux.api.chat;

/** How one request ended, as counted in {@code aimux_requests_total{outcome}}. */
enum Outcome {
    OK("ok"),
    CLIENT_ERROR("client_error"),
    UPSTREAM_ERROR("upstream_error"),
    CANCELLED("cancelled");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The outcome of answering with an error of this status (429 counts against the upstream). */
    static Outcome ofErrorStatus(int status) {
        return status < 500 && status != 429 ? CLIENT_ERROR : UPSTREAM_ERROR;
    }
}
