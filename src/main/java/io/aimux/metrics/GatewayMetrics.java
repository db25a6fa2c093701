package io.aimux.metrics;

import io.aimux.chat.Usage;
import io.aimux.provider.ProviderRegistry;
import io.aimux.route.ModelRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway metrics. Label values are bounded: providers and models are reported only when
 * configured (listed models, mock scenarios, alias names); anything else becomes {@code other}.
 */
@ApplicationScoped
public class GatewayMetrics {

    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Set<String> knownModels = new HashSet<>();
    private final Set<String> knownProviders = new HashSet<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Labels, Meters> meterCache = new ConcurrentHashMap<>();
    private final UsageLedger ledger = new UsageLedger();
    private final PassiveHealth passive = new PassiveHealth();

    /** A target of a chain failed for upstream reasons and the chain moved on: its health hears of it. */
    public void attemptFailed(String provider, long upstreamNanos) {
        if (knownProviders.contains(provider)) {
            passive.add(provider, true, upstreamNanos);
        }
    }

    /** Error rate and latency of each provider from its real requests. */
    public PassiveHealth passiveHealth() {
        return passive;
    }

    /** The usage ledger's summary ({@code GET /api/usage}). */
    public Map<String, Object> usageSummary() {
        return ledger.summary();
    }

    public GatewayMetrics(MeterRegistry registry, ProviderRegistry providers, ModelRouter router) {
        this.registry = registry;
        providers.statuses().forEach((name, status) -> {
            knownProviders.add(name);
            PassiveHealth.Stats stats = passive.stats(name);
            replaceGauge(io.micrometer.core.instrument.Gauge.builder("aimux_provider_error_rate", stats, PassiveHealth.Stats::errorRate)
                    .tag("provider", name).description("Weighted share of failed calls (NaN before the first)"));
            replaceGauge(io.micrometer.core.instrument.Gauge.builder("aimux_provider_latency_seconds", stats,
                    PassiveHealth.Stats::latencySeconds).tag("provider", name)
                    .description("Weighted upstream latency of calls (NaN before the first)"));
            status.models().forEach(model -> knownModels.add(name + "/" + model));
        });
        knownModels.addAll(router.names());
    }

    /** One finished request: exactly one call per accepted request. */
    public void request(UsageRecord record) {
        requests.incrementAndGet();
        String provider = provider(record.provider());
        String model = model(record.provider(), record.model());
        ledger.add(record, model.equals(OTHER) ? provider + "/" + OTHER : model);
        if (!provider.equals(OTHER)) {
            passive.add(provider, record);
        }
        if (record.usageEstimated()) {
            registry.counter("aimux_usage_estimated_total", "provider", provider).increment();
        }
        // Meters are looked up once per label combination; the set is bounded by the labels' bounds.
        Meters meters = meterCache.computeIfAbsent(new Labels(record.api(), provider, model, record.stream()), this::register);
        meters.outcomes().computeIfAbsent(record.outcome(), outcome -> registry.counter("aimux_requests_total",
                "api", record.api(), "provider", provider, "model", model,
                "stream", Boolean.toString(record.stream()), "outcome", outcome)).increment();
        Usage usage = record.usage();
        if (usage.inputTokens() > 0) {
            meters.inputTokens().increment(usage.inputTokens());
        }
        if (usage.outputTokens() > 0) {
            meters.outputTokens().increment(usage.outputTokens());
        }
        if (record.upstreamNanos() > 0) {
            meters.upstream().record(record.upstreamNanos(), TimeUnit.NANOSECONDS);
        }
        if (record.firstTokenNanos() > 0) {
            meters.firstToken().record(record.firstTokenNanos(), TimeUnit.NANOSECONDS);
        }
        if (record.overheadNanos() >= 0) {
            meters.overhead().record(record.overheadNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private record Labels(String api, String provider, String model, boolean stream) {}

    private record Meters(Map<String, Counter> outcomes, Counter inputTokens, Counter outputTokens, Timer upstream,
            Timer firstToken, Timer overhead) {}

    private Meters register(Labels labels) {
        return new Meters(new ConcurrentHashMap<>(),
                tokens(labels.provider(), labels.model(), "input"),
                tokens(labels.provider(), labels.model(), "output"),
                Timer.builder("aimux_upstream_latency_seconds").description("Time from sending upstream to its last byte")
                        .tags("provider", labels.provider(), "model", labels.model()).publishPercentileHistogram()
                        .register(registry),
                Timer.builder("aimux_time_to_first_token_seconds").description("Time from request to first answer byte")
                        .tags("provider", labels.provider(), "model", labels.model()).publishPercentileHistogram()
                        .register(registry),
                Timer.builder("aimux_gateway_overhead_seconds")
                        .description("Time spent in the gateway itself, not waiting on the upstream")
                        .tags("api", labels.api(), "stream", Boolean.toString(labels.stream()))
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(1))
                        .register(registry));
    }

    /** Upstream attempts that failed and were retried elsewhere. */
    public void failover(String provider, String reason) {
        registry.counter("aimux_failovers_total", "provider", provider(provider), "reason", reason).increment();
    }

    /** Distinct field labels of {@code aimux_translation_dropped_total}; later names count as other. */
    static final int MAX_DROPPED_FIELDS = 64;
    private final Set<String> droppedFields = ConcurrentHashMap.newKeySet();

    /**
     * A client field a translation could not carry (docs/compatibility.md). Field names come from
     * clients, so only short plain names become labels, and only the first {@value #MAX_DROPPED_FIELDS}.
     */
    public void dropped(String direction, String field) {
        String label = field;
        if (!plainFieldName(field) || (!droppedFields.contains(field)
                && (droppedFields.size() >= MAX_DROPPED_FIELDS || !droppedFields.add(field)))) {
            label = OTHER;
        }
        registry.counter("aimux_translation_dropped_total", "direction", direction, "field", label).increment();
    }

    private static boolean plainFieldName(String field) {
        if (field == null || field.isEmpty() || field.length() > 64) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '[' || c == ']'
                    || c == '=' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Requests in flight (arrived, not yet recorded). */
    public void inFlight(java.util.concurrent.atomic.AtomicInteger count) {
        replaceGauge(io.micrometer.core.instrument.Gauge.builder("aimux_in_flight_requests", count,
                java.util.concurrent.atomic.AtomicInteger::get).description("Requests arrived and not yet recorded"));
    }

    /**
     * Registers a gauge in place of one of the same name and tags: a registry that outlives an
     * application instance (tests restart the application in one JVM) would otherwise keep
     * reading the first instance's state. The gauge holds its state strongly.
     */
    private void replaceGauge(io.micrometer.core.instrument.Gauge.Builder<?> builder) {
        io.micrometer.core.instrument.Gauge gauge = builder.strongReference(true).register(registry);
        registry.remove(gauge);
        builder.register(registry);
    }

    public long requestCount() {
        return requests.get();
    }

    private Counter tokens(String provider, String model, String type) {
        return registry.counter("aimux_tokens_total", "provider", provider, "model", model, "type", type);
    }

    private String provider(String name) {
        return name != null && knownProviders.contains(name) ? name : OTHER;
    }

    private String model(String provider, String model) {
        if (model == null) {
            return OTHER;
        }
        if (knownModels.contains(model)) {
            return model;
        }
        String qualified = provider + "/" + model;
        if (knownModels.contains(qualified)) {
            return qualified;
        }
        return OTHER;
    }
}
