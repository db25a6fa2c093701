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

    public GatewayMetrics(MeterRegistry registry, ProviderRegistry providers, ModelRouter router) {
        this.registry = registry;
        providers.statuses().forEach((name, status) -> {
            knownProviders.add(name);
            status.models().forEach(model -> knownModels.add(name + "/" + model));
        });
        knownModels.addAll(router.aliases().keySet());
    }

    /** One finished request: exactly one call per accepted request. */
    public void request(UsageRecord record) {
        requests.incrementAndGet();
        String provider = provider(record.provider());
        String model = model(record.provider(), record.model());
        registry.counter("aimux_requests_total", "api", record.api(), "provider", provider, "model", model,
                "stream", Boolean.toString(record.stream()), "outcome", record.outcome()).increment();
        Usage usage = record.usage();
        if (usage.inputTokens() > 0) {
            tokens(provider, model, "input").increment(usage.inputTokens());
        }
        if (usage.outputTokens() > 0) {
            tokens(provider, model, "output").increment(usage.outputTokens());
        }
        if (record.upstreamNanos() > 0) {
            Timer.builder("aimux_upstream_latency_seconds").description("Time from sending upstream to its last byte")
                    .tags("provider", provider, "model", model).publishPercentileHistogram().register(registry)
                    .record(Duration.ofNanos(record.upstreamNanos()));
        }
        if (record.firstTokenNanos() > 0) {
            Timer.builder("aimux_time_to_first_token_seconds").description("Time from request to first answer byte")
                    .tags("provider", provider, "model", model).publishPercentileHistogram().register(registry)
                    .record(Duration.ofNanos(record.firstTokenNanos()));
        }
        if (record.overheadNanos() >= 0) {
            Timer.builder("aimux_gateway_overhead_seconds")
                    .description("Time spent in the gateway itself, not waiting on the upstream")
                    .tags("api", record.api(), "stream", Boolean.toString(record.stream()))
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                    .maximumExpectedValue(Duration.ofSeconds(1))
                    .register(registry).record(Duration.ofNanos(record.overheadNanos()));
        }
    }

    /** Upstream attempts that failed and were retried elsewhere. */
    public void failover(String provider, String reason) {
        registry.counter("aimux_failovers_total", "provider", provider(provider), "reason", reason).increment();
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
