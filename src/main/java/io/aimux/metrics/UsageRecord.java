package io.aimux.metrics;

import io.aimux.chat.Usage;

/**
 * What one request did; produced exactly once per accepted request, also when it failed or the
 * client went away. {@code provider}/{@code model} are where it was finally sent (null if nowhere).
 */
public record UsageRecord(String api, String requestedModel, String provider, String model, boolean stream,
        String outcome, int status, Usage usage, long totalNanos, long upstreamNanos, long firstTokenNanos,
        long overheadNanos) {}
