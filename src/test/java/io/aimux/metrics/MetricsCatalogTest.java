package io.aimux.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Drives traffic through the mock provider, scrapes {@code /q/metrics}, and checks the metrics
 * against what the repository says of them: every exported family is documented and every
 * documented one exported, every metric a dashboard or an alert reads exists, and the GenAI and
 * AIMUX families carry what happened.
 */
@QuarkusTest
@TestProfile(MetricsTraffic.Profile.class)
class MetricsCatalogTest {

    private PromText metrics;

    @BeforeEach
    void traffic() {
        MetricsTraffic.drive();
        metrics = PromText.parse(MetricsTraffic.scrape());
    }

    @Test
    void everyExportedFamilyIsDocumentedAndEveryDocumentedOneExported() {
        Set<String> exported = metrics.documentableNames();
        Set<String> documented = MonitoringFiles.documentedMetrics();
        assertThat(exported).as("exported families").contains("aimux_requests_total", "gen_ai_client_token_usage");
        assertThat(new TreeSet<>(exported)).as("exported but not in docs/monitoring.md#metrics")
                .isSubsetOf(documented);
        assertThat(new TreeSet<>(documented)).as("in docs/monitoring.md#metrics but not exported").isSubsetOf(exported);
    }

    @Test
    void everyMetricADashboardReadsIsExported() throws IOException {
        List<Path> dashboards = MonitoringFiles.dashboards();
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : dashboards) {
            JsonNode dashboard = MonitoringFiles.JSON.readTree(file.toFile());
            List<String> exprs = MonitoringFiles.expressions(dashboard);
            assertThat(exprs).as(file + " queries").isNotEmpty();
            Set<String> missing = new TreeSet<>();
            for (String expr : exprs) {
                for (String name : PromQl.metricNames(expr)) {
                    if (!exported(name)) {
                        missing.add(name);
                    }
                }
            }
            assertThat(missing).as(file + ": metrics not exported").isEmpty();
        }
    }

    @Test
    void everyMetricAnAlertReadsIsExportedOrPrometheusOwn() {
        for (String expr : MonitoringFiles.ruleExpressions(MonitoringFiles.yaml(MonitoringFiles.RULES).path("groups"))) {
            for (String name : PromQl.metricNames(expr)) {
                assertThat(name.equals("up") || exported(name)).as(name + " in " + expr).isTrue();
            }
        }
    }

    private boolean exported(String name) {
        Set<String> names = metrics.sampleNames();
        return names.contains(name);
    }

    @Test
    void genAiHistogramsUseTheConventionsBoundariesAndBoundedAttributes() {
        Map<String, String> echo = Map.of("gen_ai_operation_name", "chat", "gen_ai_provider_name", "mock",
                "gen_ai_request_model", "mock/echo", "gen_ai_response_model", "mock/echo");
        assertThat(bounds("gen_ai_client_operation_duration_seconds_bucket", echo))
                .isEqualTo(expected(GatewayMetrics.DURATION_BUCKETS));
        assertThat(bounds("gen_ai_server_request_duration_seconds_bucket", echo))
                .isEqualTo(expected(GatewayMetrics.DURATION_BUCKETS));
        assertThat(bounds("gen_ai_server_time_to_first_token_seconds_bucket", echo))
                .isEqualTo(expected(GatewayMetrics.FIRST_TOKEN_BUCKETS));
        assertThat(bounds("gen_ai_client_token_usage_bucket", Map.of("gen_ai_provider_name", "mock",
                "gen_ai_token_type", "input"))).isEqualTo(expected(GatewayMetrics.TOKEN_BUCKETS));
        assertThat(expected(GatewayMetrics.DURATION_BUCKETS)).startsWith("0.01", "0.02").endsWith("81.92", "+Inf");
        assertThat(expected(GatewayMetrics.TOKEN_BUCKETS)).startsWith("1.0", "4.0").endsWith("6.7108864E7", "+Inf");

        // three echo answers (two OpenAI, one Anthropic): all succeeded, every one timed and its tokens counted
        assertThat(metrics.sum("gen_ai_server_request_duration_seconds_count", with(echo, "error_type", "")))
                .isGreaterThanOrEqualTo(3);
        assertThat(metrics.sum("gen_ai_client_token_usage_count", with(echo, "gen_ai_token_type", "output")))
                .isGreaterThanOrEqualTo(3);
        assertThat(metrics.sum("gen_ai_client_token_usage_sum", with(echo, "gen_ai_token_type", "input"))).isPositive();
        // a failure carries error.type; the time to first token is for successful answers only
        Map<String, String> failed = Map.of("gen_ai_provider_name", "mock", "gen_ai_request_model", "mock/error-500",
                "error_type", "upstream_error");
        assertThat(metrics.sum("gen_ai_server_request_duration_seconds_count", failed)).isEqualTo(1);
        assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", failed)).isEqualTo(1);
        assertThat(metrics.find("gen_ai_server_time_to_first_token_seconds_count",
                Map.of("gen_ai_request_model", "mock/error-500"))).isEmpty();
        // the alias the client named, the target that answered
        assertThat(metrics.sum("gen_ai_server_request_duration_seconds_count", Map.of("gen_ai_request_model",
                "failover-demo", "gen_ai_response_model", "mock/echo", "error_type", ""))).isEqualTo(1);
        // client-chosen names that are not configured stay out of the labels
        for (PromText.Sample s : metrics.samples()) {
            if (s.name().startsWith("gen_ai_")) {
                assertThat(s.labels().get("gen_ai_request_model")).isNotEqualTo("hello");
                assertThat(s.labels()).containsEntry("gen_ai_operation_name", "chat");
            }
        }
    }

    @Test
    void aimuxFamiliesCountWhatHappened() {
        assertThat(metrics.sum("aimux_retries_total", Map.of("provider", "mock"))).as("flaky and failing targets retried")
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("aimux_route_failures_total", Map.of("route", "all-fail"))).isEqualTo(1);
        assertThat(metrics.find("aimux_route_failures_total", Map.of("route", "failover-demo")))
                .as("registered at 0, so rate() has a series").singleElement()
                .extracting(PromText.Sample::value).isEqualTo(0.0);
        assertThat(metrics.sum("aimux_guard_blocks_total", Map.of("stage", "request", "category", "injection")))
                .isEqualTo(1);
        assertThat(metrics.find("aimux_guard_blocks_total", Map.of("stage", "response", "category", "secret")))
                .as("registered at 0").hasSize(1);
        assertThat(metrics.sum("aimux_guard_matches_total", Map.of("pattern", "ignore-instructions",
                "category", "injection", "stage", "request", "action", "block"))).isEqualTo(1);
        assertThat(metrics.sum("aimux_rate_limit_rejections_total", Map.of("limit", "requests_per_minute")))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("aimux_rate_limit_rejections_total", Map.of("limit", "provider_requests_per_minute")))
                .isBetween(1.0, 2.0);
        assertThat(metrics.find("aimux_rate_limit_rejections_total", Map.of("limit", "monthly_cost"))).hasSize(1);
        assertThat(metrics.sum("aimux_budget_usage_ratio", Map.of("key", "limited", "budget", "daily_tokens")))
                .isStrictlyBetween(0.0, 0.01);
        assertThat(metrics.sum("aimux_budget_usage_ratio", Map.of("key", "budget", "budget", "monthly_cost")))
                .isStrictlyBetween(0.0, 0.01);
        assertThat(metrics.find("aimux_budget_usage_ratio", Map.of("key", "free"))).as("no budget, no gauge").isEmpty();
        assertThat(metrics.find("aimux_circuit_breaker_state", Map.of("provider", "mock", "model", "mock/echo")))
                .singleElement().extracting(PromText.Sample::value).isEqualTo(0.0);
        assertThat(metrics.sum("aimux_prettifier_extractions_total", Map.of("dialect", "hermes"))).isEqualTo(1);
        assertThat(metrics.find("aimux_prettifier_extractions_total", Map.of("dialect", "kimi"))).as("registered at 0")
                .hasSize(1);
        assertThat(metrics.sum("aimux_price_missing_total", Map.of("provider", "unpriced"))).isEqualTo(1);
        assertThat(metrics.sum("aimux_cost_usd_total", Map.of("provider", "mock", "model", "mock/echo")))
                .as("priced answers cost something").isStrictlyBetween(0.0, 1.0);
        assertThat(metrics.find("aimux_cost_usd_total", Map.of("provider", "unpriced"))).allSatisfy(
                s -> assertThat(s.value()).as("no price, no cost").isZero());
    }

    private List<String> bounds(String bucket, Map<String, String> labels) {
        List<PromText.Sample> found = metrics.find(bucket, labels);
        assertThat(found).as(bucket + " " + labels).isNotEmpty();
        Map<String, String> first = new java.util.HashMap<>(found.get(0).labels());
        first.remove("le");
        return metrics.find(bucket, first).stream().map(s -> s.labels().get("le")).collect(Collectors.toList());
    }

    private static List<String> expected(double[] bounds) {
        List<String> out = new ArrayList<>();
        for (double b : bounds) {
            out.add(Double.toString(b));
        }
        out.add("+Inf");
        return out;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        out.put(key, value);
        return out;
    }
}
