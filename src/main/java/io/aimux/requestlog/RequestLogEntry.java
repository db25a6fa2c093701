package io.aimux.requestlog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.metrics.UsageRecord;

import java.time.Instant;

/**
 * One finished request as the request log keeps it (the {@code Entry} of /api/requests). Nothing
 * in it is prompt or answer text except {@code bodies}, which are redacted before they get here.
 *
 * @param sequence  position in the log (newer entries have higher numbers); not served
 * @param time      when the request arrived
 * @param ttftMs    time to the first byte of the answer, or null when none was sent
 * @param overheadMs the gateway's own time, or null when no upstream was called
 * @param costUsd   price-table cost, or null when no price is configured
 * @param bodies    request and response bodies, or null when they are not kept
 */
public record RequestLogEntry(long sequence, String id, Instant time, String key, String api, String route,
        String requestedModel, String provider, String model, boolean stream, int attempts, int status, String outcome,
        double latencyMs, Double ttftMs, double upstreamMs, Double overheadMs, long inputTokens, long outputTokens,
        boolean usageEstimated, Double costUsd, String error, String traceId, UsageRecord.Bodies bodies) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The entry of a usage record that finished at {@code finished}; texts have been made safe by the caller. */
    static RequestLogEntry of(long sequence, UsageRecord r, Instant finished, String error, UsageRecord.Bodies bodies) {
        return new RequestLogEntry(sequence, r.requestId(), finished.minusNanos(r.totalNanos()), r.keyName(), r.api(),
                r.route(), r.requestedModel(), r.provider(), r.model(), r.stream(), r.attempts(), r.status(), r.outcome(),
                millis(r.totalNanos()), r.firstTokenNanos() > 0 ? millis(r.firstTokenNanos()) : null,
                millis(r.upstreamNanos()), r.overheadNanos() >= 0 ? millis(r.overheadNanos()) : null,
                r.usage().inputTokens(), r.usage().outputTokens(), r.usageEstimated(),
                r.costMicros() >= 0 ? r.costMicros() / 1_000_000.0 : null, error, r.traceId(), bodies);
    }

    /** Milliseconds with a microsecond fraction. */
    static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /** {@code provider/model}, or null when the request reached no provider. */
    public String target() {
        return provider == null ? null : provider + "/" + model;
    }

    /** The contract's JSON shape, snake_case. */
    public ObjectNode toJson() {
        ObjectNode out = JSON.objectNode();
        out.put("id", id);
        out.put("time", time.toString());
        out.put("key", key);
        out.put("api", api);
        out.put("route", route);
        out.put("requested_model", requestedModel);
        out.put("provider", provider);
        out.put("model", model);
        out.put("stream", stream);
        out.put("attempts", attempts);
        out.put("status", status);
        out.put("outcome", outcome);
        out.put("latency_ms", latencyMs);
        out.put("ttft_ms", ttftMs);
        out.put("upstream_ms", upstreamMs);
        out.put("overhead_ms", overheadMs);
        out.put("input_tokens", inputTokens);
        out.put("output_tokens", outputTokens);
        out.put("usage_estimated", usageEstimated);
        out.put("cost_usd", costUsd);
        out.put("error", error);
        out.put("trace_id", traceId);
        if (bodies != null) {
            out.putObject("bodies").put("request", bodies.request()).put("response", bodies.response());
        }
        return out;
    }
}
