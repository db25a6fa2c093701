package io.aimux.dashboard;

import io.aimux.config.AimuxConfig;
import io.aimux.guard.content.GuardEngine;
import io.aimux.metrics.RequestObserver;
import io.aimux.metrics.UsageRecord;
import io.aimux.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Keeps what the dashboard shows of this replica's traffic, from every finished request: totals,
 * the time series, per-provider windows, the gateway's overhead and the last failed requests.
 * Everything is bounded; adding a request takes a few short locks and no I/O.
 */
@ApplicationScoped
public class DashboardRecorder implements RequestObserver {

    /** Failed requests kept for the dashboard. */
    static final int RECENT_ERRORS = 20;
    /** Longest error text kept per failed request. */
    static final int MAX_ERROR_CHARS = 300;
    static final int OVERHEAD_WINDOW = 512;

    /** One failed request as the dashboard lists it. */
    public record RecentError(String id, String time, String provider, String model, int status, String outcome,
            String error) {}

    private final LongSupplier clock;
    private final boolean priced;
    private final TrafficSeries series = new TrafficSeries();
    private final SampleWindow overhead = new SampleWindow(OVERHEAD_WINDOW);
    private final Map<String, ProviderTraffic> providers;
    private final Deque<RecentError> recentErrors = new ArrayDeque<>(RECENT_ERRORS);
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();
    private final LongAdder costMicros = new LongAdder();

    @Inject
    public DashboardRecorder(ProviderRegistry registry, AimuxConfig config) {
        this(registry.statuses().keySet(), !config.prices().isEmpty(), System::currentTimeMillis);
    }

    DashboardRecorder(Iterable<String> providerNames, boolean priced, LongSupplier clock) {
        this.clock = clock;
        this.priced = priced;
        Map<String, ProviderTraffic> byName = new LinkedHashMap<>();
        providerNames.forEach(name -> byName.put(name, new ProviderTraffic())); // configured names only: bounded
        this.providers = Collections.unmodifiableMap(byName);
    }

    /** A request that ended in an error the gateway answered with (a client going away is not one). */
    static boolean isError(String outcome) {
        return outcome.equals("rejected") || outcome.equals("upstream_error") || outcome.equals("timeout");
    }

    @Override
    public void finished(UsageRecord record) {
        long now = clock.getAsLong();
        String outcome = record.outcome() == null ? "" : record.outcome();
        boolean error = isError(outcome);
        boolean completed = outcome.equals("completed");
        long in = record.usage() == null ? 0 : record.usage().inputTokens();
        long out = record.usage() == null ? 0 : record.usage().outputTokens();
        requests.increment();
        if (error) {
            errors.increment();
        }
        inputTokens.add(Math.max(0, in));
        outputTokens.add(Math.max(0, out));
        if (record.costMicros() > 0) {
            costMicros.add(record.costMicros());
        }
        long latency = completed ? record.totalNanos() : -1;
        series.add(now, error, in, out, record.costMicros(), latency, record.overheadNanos());
        if (record.overheadNanos() >= 0) {
            overhead.add(record.overheadNanos());
        }
        ProviderTraffic traffic = record.provider() == null ? null : providers.get(record.provider());
        if (traffic != null) {
            boolean upstreamFailure = outcome.equals("upstream_error") || outcome.equals("timeout");
            traffic.add(completed || upstreamFailure, upstreamFailure, latency, record.firstTokenNanos());
        }
        if (error) {
            remember(new RecentError(record.requestId(), Instant.ofEpochMilli(now).toString(), record.provider(),
                    record.model(), record.status(), outcome, errorText(record.error())));
        }
    }

    /** Error texts are already safe for clients; the log stage of the guard still scrubs them, and they are cut short. */
    private static String errorText(String error) {
        if (error == null) {
            return null;
        }
        String cut = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "…" : error;
        return GuardEngine.scrubbed(cut);
    }

    private void remember(RecentError error) {
        synchronized (recentErrors) {
            if (recentErrors.size() == RECENT_ERRORS) {
                recentErrors.removeLast();
            }
            recentErrors.addFirst(error);
        }
    }

    /** Newest first. */
    public List<RecentError> recentErrors() {
        synchronized (recentErrors) {
            return new ArrayList<>(recentErrors);
        }
    }

    public List<TrafficSeries.Point> series() {
        return series.points(clock.getAsLong(), priced);
    }

    public Map<String, Double> overheadMs() {
        return overhead.p50p95();
    }

    /** The traffic of a configured provider, or null for another name. */
    public ProviderTraffic provider(String name) {
        return providers.get(name);
    }

    public boolean priced() {
        return priced;
    }

    public long requests() {
        return requests.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long inputTokens() {
        return inputTokens.sum();
    }

    public long outputTokens() {
        return outputTokens.sum();
    }

    /** Cost of the priced requests in dollars; null when no prices are configured. */
    public Double costUsd() {
        return priced ? costMicros.sum() / 1e6 : null;
    }
}
