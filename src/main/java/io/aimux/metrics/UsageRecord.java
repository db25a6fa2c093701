package io.aimux.metrics;

import io.aimux.chat.Usage;

/**
 * What one request did; produced exactly once per accepted request, also when it failed or the
 * client went away. {@code provider}/{@code model} are where it was finally sent (null if nowhere).
 *
 * @param outcome          the ledger state: completed, rejected, upstream_error, timeout or client_cancelled
 * @param usageEstimated   the token counts are the gateway's estimate (the upstream reported none)
 * @param attempts         upstream calls made for it, retries and failovers included
 * @param route            the route or alias it went through, or null
 * @param requestId        the request's id ({@code x-request-id}), or null
 * @param keyName          the name of the client key that sent it ({@code anonymous} without keys), or null
 * @param costMicros       what it cost in micro-dollars by the price table, or -1 when no price is known
 * @param error            the message of the error it was answered with, or null when it completed
 * @param traceId          the id of the request's trace when tracing is on, else null
 * @param bodies           what the client sent and received, cut but not yet redacted, when
 *                         {@code request_log.bodies} is on; else null
 */
public record UsageRecord(String api, String requestedModel, String provider, String model, boolean stream,
        String outcome, int status, Usage usage, long totalNanos, long upstreamNanos, long firstTokenNanos,
        long overheadNanos, boolean usageEstimated, int attempts, String route, String requestId, String keyName,
        long costMicros, String error, String traceId, Bodies bodies) {

    /** The client's request body and the answer it received, each cut to {@code request_log.max_body_chars}. */
    public record Bodies(String request, String response) {}

    public UsageRecord(String api, String requestedModel, String provider, String model, boolean stream,
            String outcome, int status, Usage usage, long totalNanos, long upstreamNanos, long firstTokenNanos,
            long overheadNanos, boolean usageEstimated, int attempts, String route, String requestId, String keyName,
            long costMicros, String error) {
        this(api, requestedModel, provider, model, stream, outcome, status, usage, totalNanos, upstreamNanos,
                firstTokenNanos, overheadNanos, usageEstimated, attempts, route, requestId, keyName, costMicros, error,
                null, null);
    }

    public UsageRecord(String api, String requestedModel, String provider, String model, boolean stream,
            String outcome, int status, Usage usage, long totalNanos, long upstreamNanos, long firstTokenNanos,
            long overheadNanos, boolean usageEstimated, int attempts, String route) {
        this(api, requestedModel, provider, model, stream, outcome, status, usage, totalNanos, upstreamNanos,
                firstTokenNanos, overheadNanos, usageEstimated, attempts, route, null, null, -1, null, null, null);
    }

    public UsageRecord(String api, String requestedModel, String provider, String model, boolean stream,
            String outcome, int status, Usage usage, long totalNanos, long upstreamNanos, long firstTokenNanos,
            long overheadNanos) {
        this(api, requestedModel, provider, model, stream, outcome, status, usage, totalNanos, upstreamNanos,
                firstTokenNanos, overheadNanos, false, 0, null);
    }
}
