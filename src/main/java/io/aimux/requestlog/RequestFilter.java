package io.aimux.requestlog;

import java.util.Locale;

/**
 * The filters of /api/requests; a null field matches everything. {@code model} matches the
 * requested model or {@code provider/model}; {@code q} is a case-insensitive substring of the id,
 * key, requested model, provider/model or outcome.
 */
public record RequestFilter(String id, String key, String model, String outcome, String q) {

    public static final RequestFilter ALL = new RequestFilter(null, null, null, null, null);

    public RequestFilter {
        id = blankToNull(id);
        key = blankToNull(key);
        model = blankToNull(model);
        outcome = blankToNull(outcome);
        q = blankToNull(q) == null ? null : q.toLowerCase(Locale.ROOT);
    }

    public boolean matches(RequestLogEntry e) {
        return (id == null || id.equals(e.id()))
                && (key == null || key.equals(e.key()))
                && (model == null || model.equals(e.requestedModel()) || model.equals(e.target()))
                && (outcome == null || outcome.equals(e.outcome()))
                && (q == null || contains(e.id()) || contains(e.key()) || contains(e.requestedModel())
                        || contains(e.target()) || contains(e.outcome()));
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(q);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
