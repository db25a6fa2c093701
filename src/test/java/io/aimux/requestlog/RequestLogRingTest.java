package io.aimux.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.Usage;
import io.aimux.config.TestConfigs;
import io.aimux.guard.content.BuiltinPatterns;
import io.aimux.guard.content.GuardEngine;
import io.aimux.metrics.UsageRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring under writers on several threads, its bound, and the switch that turns it off. */
class RequestLogRingTest {

    static RequestLog log(int size) {
        return new RequestLog(TestConfigs.fromJson("{\"request_log\":{\"size\":" + size + "}}"),
                new GuardEngine(BuiltinPatterns.all(), false, Map.of(), null), new ObjectMapper(), new SimpleMeterRegistry());
    }

    static UsageRecord record(String id, String outcome, String error, long costMicros, UsageRecord.Bodies bodies) {
        return new UsageRecord("openai", "mock/echo", "mock", "echo", false, outcome, 200, new Usage(3, 4, 0, 0),
                5_000_000, 4_000_000, 2_500_000, 1_000_000, false, 1, null, id, "app", costMicros, error, null, bodies);
    }

    @Test
    void concurrentWritersLeaveTheNewestEntriesWithinTheBound() throws Exception {
        RequestLog log = log(100);
        int threads = 4;
        int each = 5000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    log.finished(record("t" + thread + "-" + i, "completed", null, -1, null));
                }
            });
            writer.start();
            writers.add(writer);
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        assertThat(log.size()).isEqualTo(100);
        List<RequestLogEntry> all = log.find(RequestFilter.ALL, 1000);
        assertThat(all).hasSize(100);
        assertThat(new HashSet<>(all.stream().map(RequestLogEntry::id).toList())).hasSize(100);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).sequence()).isLessThan(all.get(i - 1).sequence());
        }
        assertThat(all.get(0).sequence()).isEqualTo((long) threads * each - 1);
        assertThat(all.get(all.size() - 1).sequence()).isEqualTo((long) threads * each - 100);
    }

    @Test
    void sizeZeroKeepsNothing() {
        RequestLog log = log(0);
        log.finished(record("a", "completed", null, -1, null));
        assertThat(log.capacity()).isZero();
        assertThat(log.size()).isZero();
        assertThat(log.find(RequestFilter.ALL, 10)).isEmpty();
        assertThat(log.get("a")).isNull();
    }

    @Test
    void entriesTranslateTheRecord() {
        RequestLog log = log(4);
        log.finished(record("priced", "completed", null, 1_500, null));
        log.finished(record("failed", "upstream_error", "upstream 'mock' failed", -1, null));
        RequestLogEntry priced = log.get("priced");
        assertThat(priced.costUsd()).isEqualTo(0.0015);
        assertThat(priced.latencyMs()).isEqualTo(5.0);
        assertThat(priced.ttftMs()).isEqualTo(2.5);
        assertThat(priced.overheadMs()).isEqualTo(1.0);
        assertThat(priced.toJson().get("bodies")).isNull();
        RequestLogEntry failed = log.get("failed");
        assertThat(failed.costUsd()).isNull();
        assertThat(failed.toJson().get("cost_usd").isNull()).isTrue();
        assertThat(failed.error()).isEqualTo("upstream 'mock' failed");
    }

    @Test
    void bodiesAreRedactedEvenWithTheGuardOff() {
        RequestLog log = log(4); // the engine above is switched off
        String github = "gh" + "p_" + "FAKE0fake1FAKE2fake3FAKE4fake5FAKE6f";
        log.finished(record("b", "completed", null, -1, new UsageRecord.Bodies("token " + github, "ok")));
        UsageRecord.Bodies kept = log.get("b").bodies();
        assertThat(kept.request()).isEqualTo("token [REDACTED:secret]");
        assertThat(kept.response()).isEqualTo("ok");
    }

    @Test
    void filtersMatchAsDocumented() {
        RequestLog log = log(8);
        log.finished(new UsageRecord("anthropic", "claude-sonnet", "mock", "think", true, "timeout", 504, Usage.NONE,
                1, 0, 0, -1, false, 1, "claude-sonnet", "r1", "ops", -1, "slow", null, null));
        log.finished(record("r2", "completed", null, -1, null));
        assertThat(log.find(new RequestFilter(null, null, "claude-sonnet", null, null), 10)).extracting(RequestLogEntry::id)
                .containsExactly("r1");
        assertThat(log.find(new RequestFilter(null, null, "mock/think", null, null), 10)).extracting(RequestLogEntry::id)
                .containsExactly("r1");
        assertThat(log.find(new RequestFilter(null, null, null, null, "MOCK/"), 10)).hasSize(2);
        assertThat(log.find(new RequestFilter(null, null, null, null, "TIMEOUT"), 10)).extracting(RequestLogEntry::id)
                .containsExactly("r1");
        assertThat(log.find(new RequestFilter(null, "ops", null, " ", null), 10)).extracting(RequestLogEntry::id)
                .containsExactly("r1");
        assertThat(log.find(new RequestFilter("r2", null, null, "completed", "app"), 10)).hasSize(1);
        assertThat(log.get("r1").overheadMs()).isNull();
    }
}
