package io.aimux.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricNamesNotLabelsFunctionsOrKeywords() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, gen_ai_response_model) "
                + "(rate(gen_ai_client_token_usage_bucket{gen_ai_provider_name=\"$provider\"}[$__rate_interval])))"))
                .containsExactly("gen_ai_client_token_usage_bucket");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m])) / sum(rate(b_total{x=~\"p|q\"}[5m])) > 0.2 "
                + "and on (provider) c or vector(0)"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(PromQl.metricNames("count(aimux_provider_up == 1) or vector(0)")).containsExactly("aimux_provider_up");
        assertThat(PromQl.metricNames("absent(up{job=\"aimux\"})")).containsExactly("up");
    }
}
