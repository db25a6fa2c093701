package io.aimux.metrics;

import io.aimux.chat.Usage;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.UpstreamGuards;
import io.aimux.route.ModelRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
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
 * Besides AIMUX's own {@code aimux_*} families it records the OpenTelemetry GenAI semantic
 * conventions ({@code gen_ai.*}, see docs/monitoring.md#metrics): AIMUX is a GenAI client of its
 * providers and a GenAI server to its own clients.
 */
@ApplicationScoped
public class GatewayMetrics {

    public static final String OTHER = "other";

    /** {@code gen_ai.operation.name}: every request AIMUX serves is a chat (Chat Completions, Messages, Responses). */
    static final String OPERATION = "chat";
    /** The spec's recommended boundaries of {@code gen_ai.client.operation.duration} and {@code gen_ai.server.request.duration}. */
    static final double[] DURATION_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
        40.96, 81.92};
    /** The spec's recommended boundaries of {@code gen_ai.server.time_to_first_token}. */
    static final double[] FIRST_TOKEN_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
        2.5, 5.0, 7.5, 10.0};
    /** The spec's recommended boundaries of {@code gen_ai.client.token.usage}. */
    static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
        16777216, 67108864};
    /** Outcomes in which no target of a route could answer. */
    private static final Set<String> ROUTE_FAILED = Set.of("upstream_error", "timeout");

    private final MeterRegistry registry;
    private final UpstreamGuards guards;
    private final Set<String> knownModels = new HashSet<>();
    private final Set<String> knownRoutes = new HashSet<>();
    private final Map<GenAiLabels, GenAiMeters> genAiCache = new ConcurrentHashMap<>();
    private final Map<String, Counter> routeFailures = new ConcurrentHashMap<>();
    private final Set<Breaker> breakers = ConcurrentHashMap.newKeySet();
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

    public GatewayMetrics(MeterRegistry registry, ProviderRegistry providers, ModelRouter router, UpstreamGuards guards) {
        this.registry = registry;
        this.guards = guards;
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
        knownRoutes.addAll(router.names());
        // at 0 before the first failure, so rate() and the alert on it see a series from the start
        for (String route : knownRoutes) {
            routeFailures.put(route, routeFailureCounter(route));
        }
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
        // Meters are looked up once per label combination; the set is bounded by the labels' bounds.
        Labels labels = new Labels(record.api(), provider, model, record.stream());
        Meters meters = meterCache.get(labels);
        if (meters == null) {
            meters = meterCache.computeIfAbsent(labels, this::register);
            breakerGauge(provider, model, record.model());
        }
        if (record.usageEstimated()) {
            meters.usageEstimated().increment();
        }
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
        if (record.costMicros() > 0) {
            meters.cost().increment(record.costMicros() / 1e6);
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
        if (record.route() != null && ROUTE_FAILED.contains(record.outcome())) {
            routeFailures.computeIfAbsent(knownRoutes.contains(record.route()) ? record.route() : OTHER,
                    this::routeFailureCounter).increment();
        }
        genAi(record, provider, model);
    }

    /** The GenAI semantic-convention instruments of one request (docs/monitoring.md#metrics). */
    private void genAi(UsageRecord record, String provider, String model) {
        boolean completed = record.outcome().equals("completed");
        GenAiMeters meters = genAiCache.computeIfAbsent(new GenAiLabels(provider,
                bounded(record.requestedModel()), model, completed ? "" : record.outcome()), this::registerGenAi);
        meters.serverDuration().record(record.totalNanos(), TimeUnit.NANOSECONDS);
        if (record.upstreamNanos() > 0) {
            meters.clientDuration().record(record.upstreamNanos(), TimeUnit.NANOSECONDS);
        }
        if (completed && record.firstTokenNanos() > 0) {
            meters.firstToken().record(record.firstTokenNanos(), TimeUnit.NANOSECONDS);
        }
        // the spec asks for counts the provider reported; the gateway's own estimates stay out
        Usage usage = record.usage();
        if (!record.usageEstimated() && (usage.inputTokens() > 0 || usage.outputTokens() > 0)) {
            meters.inputTokens().record(usage.inputTokens());
            meters.outputTokens().record(usage.outputTokens());
        }
    }

    /** {@code errorType} is empty for a success: Prometheus reads an empty label as an absent one. */
    private record GenAiLabels(String provider, String requestModel, String responseModel, String errorType) {}

    private record GenAiMeters(Timer serverDuration, Timer clientDuration, Timer firstToken,
            DistributionSummary inputTokens, DistributionSummary outputTokens) {}

    private GenAiMeters registerGenAi(GenAiLabels labels) {
        io.micrometer.core.instrument.Tags common = io.micrometer.core.instrument.Tags.of(
                "gen_ai.operation.name", OPERATION, "gen_ai.provider.name", labels.provider(),
                "gen_ai.request.model", labels.requestModel(), "gen_ai.response.model", labels.responseModel());
        io.micrometer.core.instrument.Tags failed = common.and("error.type", labels.errorType());
        return new GenAiMeters(
                Timer.builder("gen_ai.server.request.duration")
                        .description("GenAI server request duration: arrival to the last byte of the answer")
                        .tags(failed).serviceLevelObjectives(seconds(DURATION_BUCKETS)).register(registry),
                Timer.builder("gen_ai.client.operation.duration")
                        .description("GenAI operation duration of the gateway's calls to its providers")
                        .tags(failed).serviceLevelObjectives(seconds(DURATION_BUCKETS)).register(registry),
                labels.errorType().isEmpty() ? Timer.builder("gen_ai.server.time_to_first_token") // successes only
                        .description("Time to the first answer byte for successful responses")
                        .tags(common).serviceLevelObjectives(seconds(FIRST_TOKEN_BUCKETS)).register(registry) : null,
                tokenUsage(common, "input"),
                tokenUsage(common, "output"));
    }

    private DistributionSummary tokenUsage(io.micrometer.core.instrument.Tags common, String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used, as the provider reported them")
                .tags(common.and("gen_ai.token.type", type)).serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
    }

    private static Duration[] seconds(double[] bounds) {
        Duration[] out = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return out;
    }

    private Counter routeFailureCounter(String route) {
        return Counter.builder("aimux_route_failures_total")
                .description("Requests through an alias or route that no target of its chain could answer")
                .tag("route", route).register(registry);
    }

    /** A circuit breaker's label pair: {@code model} is a configured model or {@code other}. */
    private record Breaker(String provider, String model, String guardKey) {}

    /**
     * {@code aimux_circuit_breaker_state{provider,model}}, registered when a target first has
     * traffic (its breaker exists from then on): 0 closed, 1 half-open, 2 open. Under {@code other},
     * the worst breaker of the provider's unlisted models.
     */
    private void breakerGauge(String provider, String model, String rawModel) {
        if (provider.equals(OTHER) || guards == null) {
            return;
        }
        Breaker breaker = new Breaker(provider, model, model.equals(OTHER) ? null : provider + "/" + rawModel);
        if (!breakers.add(breaker)) {
            return;
        }
        Gauges.replace(registry, Gauge.builder("aimux_circuit_breaker_state", breaker, this::breakerState)
                .tags("provider", provider, "model", model)
                .description("Circuit breaker of the target: 0 closed, 1 half-open, 2 open"));
    }

    private double breakerState(Breaker breaker) {
        if (breaker.guardKey() != null) {
            CircuitBreakerState state = guards.breakerState(breaker.guardKey());
            if (state == null) { // past the guard bound, a provider's targets share one guard
                state = guards.breakerState(breaker.provider());
            }
            return level(state);
        }
        double worst = 0;
        String prefix = breaker.provider() + "/";
        for (Map.Entry<String, CircuitBreakerState> entry : guards.breakerStates().entrySet()) {
            String key = entry.getKey();
            if ((key.startsWith(prefix) && !knownModels.contains(key)) || key.equals(breaker.provider())) {
                worst = Math.max(worst, level(entry.getValue()));
            }
        }
        return worst;
    }

    static double level(CircuitBreakerState state) {
        if (state == null) {
            return 0;
        }
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /** A label for a name the client chose: a configured model or alias, else {@code other}. */
    private String bounded(String name) {
        return name != null && knownModels.contains(name) ? name : OTHER;
    }

    private record Labels(String api, String provider, String model, boolean stream) {}

    private record Meters(Map<String, Counter> outcomes, Counter inputTokens, Counter outputTokens, Counter cost,
            Counter usageEstimated, Timer upstream, Timer firstToken, Timer overhead) {}

    private Meters register(Labels labels) {
        return new Meters(new ConcurrentHashMap<>(),
                tokens(labels.provider(), labels.model(), "input"),
                tokens(labels.provider(), labels.model(), "output"),
                Counter.builder("aimux_cost_usd_total").description("What requests cost by the configured price table")
                        .tags("provider", labels.provider(), "model", labels.model()).register(registry),
                registry.counter("aimux_usage_estimated_total", "provider", labels.provider()),
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

    private void replaceGauge(Gauge.Builder<?> builder) {
        Gauges.replace(registry, builder);
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
