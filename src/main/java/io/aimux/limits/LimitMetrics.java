package io.aimux.limits;

import io.aimux.metrics.Gauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the limits refused ({@code aimux_rate_limit_rejections_total{limit}}) and how much of each
 * key's budgets is spent ({@code aimux_budget_usage_ratio{key,budget}}). Every limit kind is
 * registered at 0 up front, so rate() sees a series before the first refusal; budget gauges
 * exist for the configured keys with budgets from the start and for keys created at run time
 * when first admitted, up to {@link #MAX_BUDGET_KEYS}.
 */
final class LimitMetrics {

    /** Keys with budget gauges at most; the configured keys come first, later keys go unreported. */
    static final int MAX_BUDGET_KEYS = 256;

    /** The {@code limit} label: which limit refused. */
    enum Kind {
        REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE, CONCURRENCY, DAILY_TOKENS, MONTHLY_TOKENS, DAILY_COST, MONTHLY_COST,
        PROVIDER_REQUESTS_PER_MINUTE, PROVIDER_TOKENS_PER_MINUTE, STORE_UNAVAILABLE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The {@code budget} label. */
    enum Budget {
        DAILY_TOKENS, MONTHLY_TOKENS, DAILY_COST, MONTHLY_COST;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The last ratio seen of one budget of one key. */
    static final class Ratio {
        private volatile double value;

        double value() {
            return value;
        }
    }

    private final MeterRegistry registry;
    private final Map<Kind, Counter> rejections = new EnumMap<>(Kind.class);
    private final Map<String, Map<Budget, Ratio>> budgets = new ConcurrentHashMap<>();

    LimitMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Kind kind : Kind.values()) {
            rejections.put(kind, Counter.builder("aimux_rate_limit_rejections_total")
                    .description("Requests (and provider attempts) refused by a rate limit, budget or quota")
                    .tag("limit", kind.label()).register(registry));
        }
    }

    void rejected(Kind kind) {
        rejections.get(kind).increment();
    }

    /** Registers the gauges of a key's budgets (those it has) at 0. */
    void budgets(String key, KeyLimits limits) {
        if (limits.dailyTokens() > 0 || limits.monthlyTokens() > 0 || limits.dailyCostUsd() > 0
                || limits.monthlyCostUsd() > 0) {
            ratios(key, limits);
        }
    }

    /** Records {@code spent / limit} of one budget; {@code limit} is positive. */
    void spent(String key, KeyLimits limits, Budget budget, long spent, long limit) {
        Map<Budget, Ratio> ratios = ratios(key, limits);
        Ratio ratio = ratios == null ? null : ratios.get(budget);
        if (ratio != null) {
            ratio.value = (double) spent / limit;
        }
    }

    private Map<Budget, Ratio> ratios(String key, KeyLimits limits) {
        Map<Budget, Ratio> ratios = budgets.get(key);
        if (ratios != null || budgets.size() >= MAX_BUDGET_KEYS) {
            return ratios;
        }
        return budgets.computeIfAbsent(key, k -> {
            Map<Budget, Ratio> made = new EnumMap<>(Budget.class);
            register(made, k, Budget.DAILY_TOKENS, limits.dailyTokens() > 0);
            register(made, k, Budget.MONTHLY_TOKENS, limits.monthlyTokens() > 0);
            register(made, k, Budget.DAILY_COST, limits.dailyCostUsd() > 0);
            register(made, k, Budget.MONTHLY_COST, limits.monthlyCostUsd() > 0);
            return made;
        });
    }

    private void register(Map<Budget, Ratio> ratios, String key, Budget budget, boolean has) {
        if (!has) {
            return;
        }
        Ratio ratio = new Ratio();
        ratios.put(budget, ratio);
        Gauges.replace(registry, Gauge.builder("aimux_budget_usage_ratio", ratio, Ratio::value)
                .tags("key", key, "budget", budget.label())
                .description("Share of the key's budget spent, as of its latest admission (1 = spent)"));
    }
}
