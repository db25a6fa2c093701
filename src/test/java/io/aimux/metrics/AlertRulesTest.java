package io.aimux.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alert rules: the Prometheus rule file and the Operator resource hold the same groups, every
 * alert has a severity, a {@code for} and a runbook section in docs/monitoring.md, reads only
 * documented metrics, and has promtool unit tests that fire it and keep it silent.
 */
class AlertRulesTest {

    private final JsonNode groups = MonitoringFiles.yaml(MonitoringFiles.RULES).path("groups");

    @Test
    void thePrometheusRuleResourceHoldsTheSameGroups() {
        JsonNode resource = MonitoringFiles.yaml(MonitoringFiles.OPERATOR_RULES);
        assertThat(resource.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(resource.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(resource.path("metadata").path("name").asText()).isNotBlank();
        assertThat(groups.size()).isPositive();
        assertThat(resource.path("spec").path("groups")).isEqualTo(groups);
    }

    @Test
    void everyAlertHasSeverityDurationAndARunbookSection() {
        Set<String> anchors = MonitoringFiles.anchors();
        Set<String> alerts = new HashSet<>();
        groups.forEach(group -> group.path("rules").forEach(rule -> {
            String alert = rule.path("alert").asText();
            assertThat(alert).as("only alerting rules").isNotBlank();
            assertThat(alerts.add(alert)).as("alert names are unique: " + alert).isTrue();
            assertThat(rule.path("for").asText()).as(alert + " for").matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
            String runbook = rule.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(alert + " runbook").isEqualTo("docs/monitoring.md#" + alert.toLowerCase());
            assertThat(anchors).as("docs/monitoring.md has a section for " + alert).contains(alert.toLowerCase());
        }));
        assertThat(alerts).contains("AimuxGatewayDown", "AimuxProviderErrorRate", "AimuxRouteExhausted",
                "AimuxCircuitBreakerOpen", "AimuxRequestLatencyHigh", "AimuxTimeToFirstTokenHigh",
                "AimuxRateLimitSaturation", "AimuxGuardBlockSpike", "AimuxBudgetNearlySpent");
    }

    @Test
    void alertsReadOnlyDocumentedMetrics() {
        Set<String> documented = MonitoringFiles.documentedMetrics();
        for (String expr : MonitoringFiles.ruleExpressions(groups)) {
            for (String name : PromQl.metricNames(expr)) {
                String base = name;
                for (String suffix : MonitoringFiles.HISTOGRAM_SUFFIXES) {
                    if (name.endsWith(suffix) && documented.contains(name.substring(0, name.length() - suffix.length()))) {
                        base = name.substring(0, name.length() - suffix.length());
                    }
                }
                assertThat(base.equals("up") || documented.contains(base)).as(name + " documented").isTrue();
            }
        }
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItAndOneThatKeepsItSilent() {
        JsonNode tests = MonitoringFiles.yaml(MonitoringFiles.RULE_TESTS);
        assertThat(tests.path("rule_files").get(0).asText()).isEqualTo("aimux-rules.yml");
        Set<String> fired = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check -> {
            String alert = check.path("alertname").asText();
            (check.path("exp_alerts").isEmpty() ? silent : fired).add(alert);
        }));
        Set<String> alerts = new TreeSet<>();
        groups.forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
        assertThat(fired).as("alerts with a firing test").containsAll(alerts);
        assertThat(silent).as("alerts with a silent test").containsAll(alerts);
    }
}
