package io.aimux.dashboard;

import io.aimux.chat.Usage;
import io.aimux.metrics.UsageRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardRecorderTest {

    static final long MS = 1_000_000;

    static UsageRecord record(String provider, String outcome, int status, long totalMs, long ttftMs, long costMicros,
            String id, String error) {
        return new UsageRecord("openai", "m", provider, "m", false, outcome, status, new Usage(10, 4, 0, 0), totalMs * MS,
                totalMs * MS, ttftMs * MS, MS / 2, false, 1, null, id, "k", costMicros, error);
    }

    @Test
    void totalsProvidersAndErrors() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        DashboardRecorder recorder = new DashboardRecorder(List.of("mock", "real"), true, now::get);
        recorder.finished(record("mock", "completed", 200, 10, 2, 1_500, "req_1", null));
        recorder.finished(record("mock", "upstream_error", 502, 30, 0, -1, "req_2", "upstream 'mock' answered 500"));
        recorder.finished(record("mock", "rejected", 400, 1, 0, -1, "req_3", "bad <b>request</b>"));
        recorder.finished(record("mock", "client_cancelled", 499, 5, 0, -1, "req_4", null));
        recorder.finished(record("elsewhere", "completed", 200, 10, 0, -1, "req_5", null));

        assertThat(recorder.requests()).isEqualTo(5);
        assertThat(recorder.errors()).isEqualTo(2); // a client leaving is not an error
        assertThat(recorder.inputTokens()).isEqualTo(50);
        assertThat(recorder.costUsd()).isEqualTo(0.0015);
        ProviderTraffic mock = recorder.provider("mock");
        assertThat(mock.requests()).isEqualTo(4);
        assertThat(mock.errorRate()).isEqualTo(0.5); // the rejected and the cancelled say nothing about the upstream
        assertThat(mock.latencyMs()).containsEntry("p50", 10.0);
        assertThat(mock.ttftMs()).containsEntry("p50", 2.0);
        assertThat(recorder.provider("real").errorRate()).isNull();
        assertThat(recorder.provider("elsewhere")).isNull(); // names outside the configuration are not tracked
        assertThat(recorder.overheadMs()).containsEntry("p50", 0.5);

        List<DashboardRecorder.RecentError> errors = recorder.recentErrors();
        assertThat(errors).extracting(DashboardRecorder.RecentError::id).containsExactly("req_3", "req_2");
        assertThat(errors.get(1).status()).isEqualTo(502);
        assertThat(errors.get(1).outcome()).isEqualTo("upstream_error");
        assertThat(recorder.series().get(59).requests()).isEqualTo(5);
    }

    @Test
    void onlyTheLastTwentyErrorsAreKeptAndTheirTextIsCut() {
        DashboardRecorder recorder = new DashboardRecorder(List.of("mock"), false, System::currentTimeMillis);
        for (int i = 0; i < 50; i++) {
            recorder.finished(record("mock", "timeout", 504, 1, 0, -1, "req_" + i, "x".repeat(1000)));
        }
        List<DashboardRecorder.RecentError> errors = recorder.recentErrors();
        assertThat(errors).hasSize(DashboardRecorder.RECENT_ERRORS);
        assertThat(errors.get(0).id()).isEqualTo("req_49");
        assertThat(errors.get(0).error().length()).isLessThanOrEqualTo(DashboardRecorder.MAX_ERROR_CHARS + 1);
        assertThat(recorder.costUsd()).isNull(); // no prices configured
    }

    @Test
    void theProviderWindowForgetsOldFailures() {
        DashboardRecorder recorder = new DashboardRecorder(List.of("mock"), false, System::currentTimeMillis);
        for (int i = 0; i < ProviderTraffic.WINDOW; i++) {
            recorder.finished(record("mock", "upstream_error", 502, 1, 0, -1, null, "down"));
        }
        assertThat(recorder.provider("mock").errorRate()).isEqualTo(1.0);
        for (int i = 0; i < ProviderTraffic.WINDOW; i++) {
            recorder.finished(record("mock", "completed", 200, 1, 0, -1, null, null));
        }
        assertThat(recorder.provider("mock").errorRate()).isEqualTo(0.0);
    }
}
