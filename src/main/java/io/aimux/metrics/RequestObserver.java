package io.aimux.metrics;

/**
 * Hears of every finished request, once, with its usage record (the request log, the
 * dashboard's traffic series, the access log). Called on the request's event loop: it must
 * not block, and what it keeps must be bounded.
 */
public interface RequestObserver {

    void finished(UsageRecord record);
}
