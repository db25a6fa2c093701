package io.aimux.requestlog;

import io.aimux.config.AimuxConfig;
import io.aimux.metrics.RequestObserver;
import io.aimux.metrics.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per finished request on the logger {@code aimux.access}: who asked, where it went,
 * how it ended, how long it took, what it used. Never prompt or answer text, never a key (only
 * its name). The fields are MDC entries while the line is logged, so the JSON console format
 * carries each as its own field; the text format has them as {@code name=value} in the message.
 */
@ApplicationScoped
public class AccessLog implements RequestObserver {

    public static final String LOGGER = "aimux.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    /** The fields, in line order. */
    static final String[] FIELDS = {"request_id", "key", "api", "route", "provider", "model", "status", "outcome",
            "latency_ms", "ttft_ms", "input_tokens", "output_tokens", "attempts", "trace_id"};

    /** Longest value written; names come from configuration or, for models, from clients. */
    static final int MAX_VALUE = 160;

    private final boolean enabled;

    public AccessLog(AimuxConfig config) {
        this.enabled = config.accessLog();
    }

    @Override
    public void finished(UsageRecord r) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        Object[] values = {r.requestId(), r.keyName(), r.api(), r.route(), r.provider(), r.model(), r.status(),
                r.outcome(), RequestLogEntry.millis(r.totalNanos()),
                r.firstTokenNanos() > 0 ? RequestLogEntry.millis(r.firstTokenNanos()) : null,
                r.usage().inputTokens(), r.usage().outputTokens(), r.attempts(), r.traceId()};
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < FIELDS.length; i++) {
            String value = values[i] == null ? null : plain(values[i].toString());
            if (value != null) {
                MDC.put(FIELDS[i], value);
            }
            line.append(i == 0 ? "" : " ").append(FIELDS[i]).append('=').append(value == null ? "-" : value);
        }
        try {
            LOG.info(line);
        } finally {
            for (String field : FIELDS) {
                MDC.remove(field);
            }
        }
    }

    /** Printable ASCII without spaces, cut to {@link #MAX_VALUE}: a value cannot break or forge a line. */
    static String plain(String value) {
        int length = Math.min(value.length(), MAX_VALUE);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                if (out == null) {
                    out = new StringBuilder(length).append(value, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out != null ? out.toString() : length < value.length() ? value.substring(0, length) : value;
    }
}
