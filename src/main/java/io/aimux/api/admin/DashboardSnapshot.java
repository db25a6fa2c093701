package io.aimux.api.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.control.ControlPlane;
import io.aimux.dashboard.DashboardRecorder;
import io.aimux.dashboard.ProviderTraffic;
import io.aimux.dashboard.TrafficSeries;
import io.aimux.prettify.PrettifierMetrics;
import io.aimux.provider.ProviderRegistry;
import io.aimux.provider.UpstreamGuards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's snapshot ({@code GET /api/dashboard} and each live event): this replica's
 * traffic from {@link DashboardRecorder}, provider state as {@code /api/providers} shows it, and
 * counters read from the meter registry by name (a meter that does not exist counts 0).
 */
@ApplicationScoped
public class DashboardSnapshot {

    static final String VERSION = version();

    private final DashboardRecorder recorder;
    private final ProviderRegistry providers;
    private final ControlPlane controlPlane;
    private final UpstreamGuards guards;
    private final PrettifierMetrics prettifier;
    private final MeterRegistry registry;
    private final ObjectMapper mapper;

    public DashboardSnapshot(DashboardRecorder recorder, ProviderRegistry providers, ControlPlane controlPlane,
            UpstreamGuards guards, PrettifierMetrics prettifier, MeterRegistry registry, ObjectMapper mapper) {
        this.recorder = recorder;
        this.providers = providers;
        this.controlPlane = controlPlane;
        this.guards = guards;
        this.prettifier = prettifier;
        this.registry = registry;
        this.mapper = mapper;
    }

    /** The version in the jar's manifest, or {@code dev} when run from classes. */
    private static String version() {
        String version = DashboardSnapshot.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    public ObjectNode build() {
        ObjectNode out = mapper.createObjectNode();
        out.put("time", Instant.now().toString());
        out.put("version", VERSION);
        out.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);

        ObjectNode totals = out.putObject("totals");
        totals.put("requests", recorder.requests());
        totals.put("errors", recorder.errors());
        totals.put("input_tokens", recorder.inputTokens());
        totals.put("output_tokens", recorder.outputTokens());
        totals.put("cost_usd", recorder.costUsd());
        totals.put("in_flight", inFlight());

        putPercentiles(out.putObject("overhead_ms"), recorder.overheadMs());

        ObjectNode series = out.putObject("series");
        series.put("step_seconds", TrafficSeries.STEP_SECONDS);
        ArrayNode points = series.putArray("points");
        for (TrafficSeries.Point p : recorder.series()) {
            points.addObject().put("t", p.t()).put("requests", p.requests()).put("errors", p.errors())
                    .put("input_tokens", p.inputTokens()).put("output_tokens", p.outputTokens())
                    .put("cost_usd", p.costUsd()).put("latency_p50_ms", p.latencyP50Ms())
                    .put("overhead_p50_ms", p.overheadP50Ms());
        }

        ArrayNode list = out.putArray("providers");
        providers.statuses().values().forEach(status -> {
            ObjectNode node = list.addObject();
            node.put("name", status.name()).put("type", status.type()).put("enabled", status.enabled())
                    .put("reason", status.reason());
            ArrayNode models = node.putArray("models");
            status.models().forEach(models::add);
            node.set("health", mapper.valueToTree(controlPlane.health(status.name())));
            ObjectNode breakers = node.putObject("breakers");
            StatusResource.breakers(guards, status.name()).forEach(breakers::put);
            ProviderTraffic traffic = recorder.provider(status.name());
            node.put("requests", traffic == null ? 0 : traffic.requests());
            node.put("error_rate", traffic == null ? null : traffic.errorRate());
            putPercentiles(node.putObject("latency_ms"), traffic == null ? Map.of() : traffic.latencyMs());
            putPercentiles(node.putObject("ttft_ms"), traffic == null ? Map.of() : traffic.ttftMs());
        });

        ArrayNode errors = out.putArray("recent_errors");
        recorder.recentErrors().forEach(e -> errors.addObject().put("id", e.id()).put("time", e.time())
                .put("provider", e.provider()).put("model", e.model()).put("status", e.status())
                .put("outcome", e.outcome()).put("error", e.error()));

        out.set("prettifier", prettifier());
        ObjectNode guardsNode = out.putObject("guards");
        guardsNode.set("matches", mapper.valueToTree(countersByTag("aimux_guard_matches_total", "category", "pattern")));
        guardsNode.put("blocks", counterSum("aimux_guard_blocks_total"));
        out.putObject("limits").set("rejections",
                mapper.valueToTree(countersByTag("aimux_rate_limit_rejections_total", "limit", "limit")));
        return out;
    }

    private static void putPercentiles(ObjectNode node, Map<String, Double> values) {
        node.put("p50", values.get("p50"));
        node.put("p95", values.get("p95"));
    }

    private long inFlight() {
        Gauge gauge = registry.find("aimux_in_flight_requests").gauge();
        return gauge == null || Double.isNaN(gauge.value()) ? 0 : (long) gauge.value();
    }

    private ObjectNode prettifier() {
        Map<String, Object> summary = prettifier.summary();
        ObjectNode node = mapper.createObjectNode();
        node.set("extractions", mapper.valueToTree(summary.getOrDefault("extractions_by_dialect", Map.of())));
        node.set("answers", mapper.valueToTree(summary.get("answers_prettified")));
        node.set("answers_with_calls", mapper.valueToTree(summary.get("answers_with_extracted_calls")));
        node.set("success_rate", mapper.valueToTree(summary.get("success_rate")));
        node.set("average_ms", mapper.valueToTree(summary.get("average_ms")));
        node.set("p99_ms", mapper.valueToTree(summary.get("p99_ms")));
        DistributionSummary heldBack = registry.find("aimux_prettifier_held_back_chars").summary();
        node.put("held_back_max_chars", heldBack == null ? 0 : (long) heldBack.max());
        return node;
    }

    /** Sums of the counters of one name by a tag ({@code fallbackTag} when a counter lacks the first). */
    private Map<String, Long> countersByTag(String name, String tag, String fallbackTag) {
        Map<String, Long> out = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            String key = counter.getId().getTag(tag);
            if (key == null) {
                key = counter.getId().getTag(fallbackTag);
            }
            out.merge(key == null ? "other" : key, (long) counter.count(), Long::sum);
        }
        return out;
    }

    private long counterSum(String name) {
        long sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += (long) counter.count();
        }
        return sum;
    }
}
