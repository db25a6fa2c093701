package io.aimux.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why a control-plane call failed, as a bounded kind: shown in {@code /api/providers} instead of
 * the error text, which may quote an upstream body or a URL.
 */
public enum ControlFailure {
    CONNECT, TIMEOUT, UNAUTHORIZED, NOT_FOUND, RATE_LIMITED, UPSTREAM_ERROR, BAD_STATUS, BAD_BODY, OTHER;

    /** The name shown to operators, e.g. {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ControlFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof WebApplicationException web && web.getResponse() != null) {
                return ofStatus(web.getResponse().getStatus());
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return CONNECT;
            }
            // Vert.x and Netty time out with their own exception types; their names say so
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT;
            }
            if (cause instanceof JsonProcessingException) {
                return BAD_BODY;
            }
        }
        return OTHER;
    }

    static ControlFailure ofStatus(int status) {
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        return status >= 500 ? UPSTREAM_ERROR : BAD_STATUS;
    }
}
