package io.aimux.prettify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the prettifier did: extractions by dialect, answers prettified, time spent, text held back.
 * Exported to Prometheus and summarised for the admin status endpoint.
 */
@ApplicationScoped
public class PrettifierMetrics {

    private static final int WINDOW = 2048;

    private final MeterRegistry registry;
    private final Timer formatTime;
    private final DistributionSummary heldBack;
    private final Map<String, LongAdder> byDialect = new ConcurrentHashMap<>();
    /** Extraction counters by dialect id: the dialects are a fixed set, registered at 0 up front. */
    private final Map<String, Counter> extractions = new ConcurrentHashMap<>();
    private final LongAdder answers = new LongAdder();
    private final LongAdder answersWithCalls = new LongAdder();
    private final LongAdder failedAnswers = new LongAdder();
    private final AtomicLong totalNanos = new AtomicLong();
    /** The most recent formatting times, for the p99 shown on the status page. */
    private final long[] recent = new long[WINDOW];
    private final AtomicLong recentCount = new AtomicLong();
    private final long startedAt = System.currentTimeMillis();

    public PrettifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.formatTime = Timer.builder("aimux_prettifier_format_seconds")
                .description("Time the prettifier spent on one answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100)).register(registry);
        this.heldBack = DistributionSummary.builder("aimux_prettifier_held_back_chars")
                .description("Most characters held back at once while deciding whether text is markup")
                .register(registry);
        Dialects.ids().forEach(this::extractionCounter);
    }

    private Counter extractionCounter(String dialect) {
        return extractions.computeIfAbsent(dialect, d -> Counter.builder("aimux_prettifier_extractions_total")
                .description("Tool calls rescued from answer text, by dialect")
                .tags("dialect", d, "outcome", "extracted").register(registry));
    }

    /** A call was rescued from text. */
    public void extracted(String dialect) {
        String name = dialect == null ? "unknown" : dialect;
        byDialect.computeIfAbsent(name, k -> new LongAdder()).increment();
        extractionCounter(name).increment();
    }

    /** One answer went through the prettifier. */
    public void answer(long nanos, long maxHeldBack, boolean withCalls, boolean failed) {
        answers.increment();
        if (withCalls) {
            answersWithCalls.increment();
        }
        if (failed) {
            failedAnswers.increment();
        }
        totalNanos.addAndGet(nanos);
        formatTime.record(Duration.ofNanos(nanos));
        heldBack.record(maxHeldBack);
        long slot = recentCount.getAndIncrement();
        recent[(int) (slot % WINDOW)] = nanos;
    }

    /** Summary for the admin status endpoint, all measured. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new TreeMap<>();
        long count = answers.sum();
        out.put("answers_prettified", count);
        out.put("answers_with_extracted_calls", answersWithCalls.sum());
        out.put("average_ms", count == 0 ? 0.0 : totalNanos.get() / (double) count / 1e6);
        out.put("p99_ms", p99() / 1e6);
        out.put("success_rate", count == 0 ? 1.0 : (count - failedAnswers.sum()) / (double) count);
        Map<String, Long> dialects = new TreeMap<>();
        byDialect.forEach((k, v) -> dialects.put(k, v.sum()));
        out.put("extractions_by_dialect", dialects);
        out.put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000);
        return out;
    }

    private long p99() {
        int n = (int) Math.min(recentCount.get(), WINDOW);
        if (n == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(recent, n);
        Arrays.sort(copy);
        return copy[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
    }
}
