package io.aimux.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The Grafana dashboards import into a stock Grafana: built-in panels only, a Prometheus
 * data-source variable every query uses, unique ids, and the provider dashboard's variable.
 * (That every metric they read is exported is checked against /q/metrics by MetricsCatalogTest.)
 */
class DashboardsTest {

    private static final Set<String> BUILT_IN_PANELS = Set.of("row", "timeseries", "stat", "table");

    @Test
    void everyDashboardUsesBuiltInPanelsAndTheDataSourceVariable() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoringFiles.dashboards()) {
            JsonNode dashboard = MonitoringFiles.JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid unique").isTrue();
            assertThat(dashboard.path("title").asText()).as(file + " title").startsWith("AIMUX");
            assertThat(dashboard.path("schemaVersion").asInt()).as(file + " schemaVersion").isBetween(36, 41);
            JsonNode datasource = variable(dashboard, "datasource");
            assertThat(datasource).as(file + " has a datasource variable").isNotNull();
            assertThat(datasource.path("type").asText()).isEqualTo("datasource");
            assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String title = file + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("type").asText()).as(title).isIn(BUILT_IN_PANELS);
                assertThat(ids.add(panel.path("id").asInt())).as(title + " id unique").isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(title + " width").isBetween(1, 24);
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("targets").size()).as(title + " targets").isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                    assertThat(target.path("expr").asText()).as(title).isNotBlank();
                }
            }
        }
    }

    @Test
    void theProviderDashboardChoosesItsProviderFromTheExportedLabel() throws IOException {
        JsonNode dashboard = MonitoringFiles.JSON.readTree(MonitoringFiles.GRAFANA.resolve("aimux-provider.json").toFile());
        JsonNode provider = variable(dashboard, "provider");
        assertThat(provider).isNotNull();
        assertThat(provider.path("query").asText()).isEqualTo("label_values(aimux_requests_total, provider)");
        assertThat(MonitoringFiles.expressions(dashboard)).as("every query of one provider")
                .allSatisfy(expr -> assertThat(expr).containsAnyOf("provider=\"$provider\"",
                        "gen_ai_provider_name=\"$provider\""));
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }
}
