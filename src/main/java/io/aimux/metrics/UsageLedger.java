package io.aimux.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage ledger's summary for the admin API and the dashboard: totals by state and by target
 * (labels bounded as in the metrics), and the most recent records. Holds names and numbers
 * only, never request content.
 */
public final class UsageLedger {

    /** Recent records kept. */
    static final int RECENT = 200;

    /** Sums of one target. */
    public static final class Sums {
        long requests;
        long inputTokens;
        long outputTokens;
        long estimated;
        final Map<String, Long> states = new TreeMap<>();

        void add(UsageRecord record) {
            requests++;
            inputTokens += record.usage().inputTokens();
            outputTokens += record.usage().outputTokens();
            estimated += record.usageEstimated() ? 1 : 0;
            states.merge(record.outcome(), 1L, Long::sum);
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("requests", requests);
            view.put("input_tokens", inputTokens);
            view.put("output_tokens", outputTokens);
            view.put("estimated_requests", estimated);
            view.put("states", new TreeMap<>(states));
            return view;
        }
    }

    private final Instant since = Instant.now();
    private final Sums total = new Sums();
    private final Map<String, Sums> byTarget = new TreeMap<>();
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>(RECENT);

    /** {@code target} is the bounded {@code provider/model} label of the metrics. */
    synchronized void add(UsageRecord record, String target) {
        total.add(record);
        byTarget.computeIfAbsent(target, t -> new Sums()).add(record);
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", Instant.now().toString());
        entry.put("api", record.api());
        entry.put("target", target);
        entry.put("route", record.route());
        entry.put("state", record.outcome());
        entry.put("status", record.status());
        entry.put("stream", record.stream());
        entry.put("attempts", record.attempts());
        entry.put("input_tokens", record.usage().inputTokens());
        entry.put("output_tokens", record.usage().outputTokens());
        entry.put("estimated", record.usageEstimated());
        entry.put("duration_ms", record.totalNanos() / 1_000_000);
        recent.addLast(entry);
    }

    public synchronized Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", since.toString());
        out.put("total", total.view());
        Map<String, Object> targets = new LinkedHashMap<>();
        byTarget.forEach((target, sums) -> targets.put(target, sums.view()));
        out.put("by_target", targets);
        List<Map<String, Object>> latest = new ArrayList<>(recent);
        java.util.Collections.reverse(latest);
        out.put("recent", latest);
        return out;
    }
}
