package io.aimux.limits;

import io.aimux.chat.Usage;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.guard.Principal;
import io.aimux.state.CounterStore;
import io.aimux.state.InMemoryCounters;
import io.aimux.state.StoreStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits and budgets of keys and quotas of providers, on the in-memory store with a clock the test moves. */
class RateLimiterTest {

    static final long START = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();

    final AtomicLong now = new AtomicLong(START);
    final InMemoryCounters store = new InMemoryCounters(now::get);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PriceTable prices = new PriceTable(Map.of("mock/*", new PriceTable.Price(100_000, 100_000, 0, 0)));

    RateLimiter limiter(CounterStore store, boolean failClosed, Map<String, RateLimiter.Quota> quotas) {
        return new RateLimiter(store, new StoreStatus(registry, "memory", failClosed),
                new RateLimiter.Settings(prices, quotas, Set.of("claude"), 1_860_000), registry, now::get);
    }

    final RateLimiter limiter = limiter(store, false, Map.of("mock", new RateLimiter.Quota(2, 100)));

    static Principal key(String id, KeyLimits limits) {
        return new Principal(id, false, List.of(), limits, Map.of());
    }

    static KeyLimits limits(long rpm, long tpm, int concurrent, long dailyTokens, long monthlyTokens, double dailyUsd,
            double monthlyUsd) {
        return new KeyLimits(rpm, tpm, concurrent, dailyTokens, monthlyTokens, dailyUsd, monthlyUsd);
    }

    static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    KeyAdmission admit(Principal principal, long demand) {
        return get(limiter.admit(principal, TokenDemand.of(demand)));
    }

    @Test
    void requestsPerMinuteRefuseWithRetryAfterUntilTheNextMinute() {
        Principal p = key("rpm", limits(2, 0, 0, 0, 0, 0, 0));
        now.set(START + 15_000);
        assertThat(admit(p, 10).requests()).isEqualTo(new KeyAdmission.Rate(2, 1, START + 60_000));
        assertThat(admit(p, 10).requests().remaining()).isZero();
        KeyAdmission refused = admit(p, 10);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(refused.refusal().retryAfterSeconds()).isEqualTo(45);
        assertThat(refused.refusal().code()).isEqualTo(LimitRefusal.RATE_LIMIT_EXCEEDED);
        assertThat(refused.refusal().getMessage()).contains("2 requests per minute");
        assertThat(RateLimitHeaders.of(refused, WireProtocol.OPENAI)).contains(
                Map.entry("x-ratelimit-limit-requests", "2"), Map.entry("x-ratelimit-remaining-requests", "0"),
                Map.entry("x-ratelimit-reset-requests", "45s"));
        assertThat(RateLimitHeaders.of(refused, WireProtocol.ANTHROPIC)).contains(
                Map.entry("anthropic-ratelimit-requests-limit", "2"), Map.entry("anthropic-ratelimit-requests-remaining", "0"),
                Map.entry("anthropic-ratelimit-requests-reset", "2026-12-03T10:01:00Z"));
        now.set(START + 60_000);
        assertThat(admit(p, 10).admitted()).as("a new minute").isTrue();
    }

    @Test
    void tokensPerMinuteChargeTheEstimateThenTheRealUsage() {
        Principal p = key("tpm", limits(0, 100, 0, 0, 0, 0, 0));
        KeyAdmission first = admit(p, 70);
        assertThat(first.tokens().used()).isEqualTo(70);
        assertThat(admit(p, 40).admitted()).as("70 + 40 > 100").isFalse();
        limiter.settle(first, null, "mock", "echo", new Usage(10, 5, 0, 0)); // used 15, not 70
        KeyAdmission second = admit(p, 40);
        assertThat(second.admitted()).isTrue();
        assertThat(second.tokens().used()).isEqualTo(55);
        assertThat(RateLimitHeaders.of(second, WireProtocol.OPENAI)).contains(Map.entry("x-ratelimit-remaining-tokens", "45"));
    }

    @Test
    void aRequestLargerThanTheWholeLimitPassesOnlyInAnEmptyMinute() {
        Principal p = key("big", limits(0, 100, 0, 0, 0, 0, 0));
        KeyAdmission big = admit(p, 5000);
        assertThat(big.admitted()).isTrue();
        assertThat(big.tokens().used()).isEqualTo(100);
        assertThat(admit(p, 1).admitted()).isFalse();
    }

    @Test
    void concurrencySlotsAreGivenBackExactlyOnce() {
        Principal p = key("conc", limits(0, 0, 2, 0, 0, 0, 0));
        KeyAdmission a = admit(p, 1);
        KeyAdmission b = admit(p, 1);
        KeyAdmission refused = admit(p, 1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().retryAfterSeconds()).isEqualTo(RateLimiter.CONCURRENCY_RETRY_SECONDS);
        assertThat(refused.slot()).isNull();

        limiter.settle(a, null, "mock", "echo", Usage.NONE);
        limiter.settle(a, null, "mock", "echo", Usage.NONE); // a second settle of the same request does nothing
        assertThat(get(store.slotsInUse("k:conc:slots"))).isEqualTo(1);
        KeyAdmission c = admit(p, 1);
        assertThat(c.admitted()).isTrue();
        assertThat(admit(p, 1).admitted()).as("b and c hold both slots").isFalse();
        limiter.settle(b, null, null, null, Usage.NONE);
        limiter.settle(c, null, null, null, Usage.NONE);
        assertThat(get(store.slotsInUse("k:conc:slots"))).isZero();
    }

    @Test
    void settlingTwiceAddsUsageOnce() {
        Principal p = key("once", limits(0, 0, 0, 1000, 0, 0, 0));
        KeyAdmission a = admit(p, 1);
        limiter.settle(a, null, "mock", "echo", new Usage(100, 50, 0, 0));
        limiter.settle(a, null, "mock", "echo", new Usage(100, 50, 0, 0));
        assertThat(get(store.read(List.of("k:once:tokens:d2026-12-03")))).containsExactly(150L);
    }

    @Test
    void aDailyTokenBudgetRefusesOnceSpentAndNamesWhenItResets() {
        Principal p = key("daily", limits(0, 0, 0, 100, 0, 0, 0));
        now.set(START + 3_600_000); // 11:00 UTC
        KeyAdmission a = admit(p, 1);
        limiter.settle(a, null, "mock", "echo", new Usage(60, 39, 0, 0));
        assertThat(admit(p, 1).admitted()).as("99 of 100 spent").isTrue();
        KeyAdmission b = admit(p, 1);
        limiter.settle(b, null, "mock", "echo", new Usage(1, 0, 0, 0));
        KeyAdmission refused = admit(p, 1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().code()).isEqualTo(LimitRefusal.INSUFFICIENT_QUOTA);
        assertThat(refused.refusal().getMessage()).contains("daily budget of 100 tokens")
                .contains("2026-12-04T00:00:00Z");
        assertThat(refused.refusal().retryAfterSeconds()).isEqualTo(13 * 3600);
        now.set(Instant.parse("2026-12-04T00:00:00Z").toEpochMilli());
        assertThat(admit(p, 1).admitted()).as("a new UTC day").isTrue();
    }

    @Test
    void aMonthlyTokenBudgetSpansDays() {
        Principal p = key("monthly", limits(0, 0, 0, 0, 50, 0, 0));
        limiter.settle(admit(p, 1), null, "mock", "echo", new Usage(30, 0, 0, 0));
        now.set(Instant.parse("2026-12-20T00:00:00Z").toEpochMilli());
        limiter.settle(admit(p, 1), null, "mock", "echo", new Usage(30, 0, 0, 0));
        KeyAdmission refused = admit(p, 1);
        assertThat(refused.refusal().getMessage()).contains("monthly budget of 50 tokens").contains("2027-01-01T00:00:00Z");
        now.set(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
        assertThat(admit(p, 1).admitted()).isTrue();
    }

    @Test
    void costBudgetsArePricedFromTheTable() {
        // mock/* costs $0.10 per token in and out (100000 $ per million)
        Principal p = key("usd", limits(0, 0, 0, 0, 0, 1.0, 0));
        limiter.settle(admit(p, 1), null, "mock", "echo", new Usage(6, 3, 0, 0)); // $0.90
        assertThat(admit(p, 1).admitted()).isTrue();
        limiter.settle(admit(p, 1), null, "mock", "echo", new Usage(1, 0, 0, 0)); // $1.00
        KeyAdmission refused = admit(p, 1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().getMessage()).contains("daily cost budget of $1 is spent");
    }

    @Test
    void aModelWithoutPriceCostsNothingAndIsCounted() {
        Principal p = key("unpriced", limits(0, 0, 0, 0, 0, 0, 0.01));
        limiter.settle(admit(p, 1), null, "elsewhere", "model", new Usage(1_000_000, 0, 0, 0));
        assertThat(admit(p, 1).admitted()).isTrue();
        assertThat(registry.counter("aimux_price_missing_total", "provider", "elsewhere").count()).isEqualTo(1);
    }

    @Test
    void providerQuotasCountAttemptsAndReconcileTokens() {
        ProviderAdmission first = get(limiter.admitProvider("mock", TokenDemand.of(30)));
        assertThat(first.admitted()).isTrue();
        limiter.settle(null, first, "mock", "echo", new Usage(5, 5, 0, 0));
        assertThat(get(store.read(List.of("p:mock:tokens:m" + START / 60_000)))).containsExactly(10L);
        assertThat(get(limiter.admitProvider("mock", TokenDemand.of(30))).admitted()).isTrue();
        ProviderAdmission third = get(limiter.admitProvider("mock", TokenDemand.of(30)));
        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal().getMessage()).contains("provider 'mock' is over its quota of 2 requests per minute");
        assertThat(limiter.hasQuota("other")).isFalse();
        assertThat(get(limiter.admitProvider("other", TokenDemand.of(30))).admitted()).isTrue();
    }

    @Test
    void keysWithoutLimitsNeverTouchTheStore() {
        CounterStore unreachable = failing();
        RateLimiter closed = limiter(unreachable, true, Map.of());
        assertThat(get(closed.admit(Principal.ANONYMOUS, TokenDemand.of(1)))).isSameAs(KeyAdmission.UNLIMITED);
    }

    @Test
    void anUnreachableStoreFailsOpenOrClosedAsConfigured() {
        Principal p = key("outage", limits(1, 0, 1, 0, 0, 0, 0));
        KeyAdmission open = get(limiter(failing(), false, Map.of()).admit(p, TokenDemand.of(1)));
        assertThat(open.admitted()).isTrue();
        assertThat(RateLimitHeaders.of(open, WireProtocol.OPENAI)).as("nothing known to report").isEmpty();

        KeyAdmission closed = get(limiter(failing(), true, Map.of()).admit(p, TokenDemand.of(1)));
        assertThat(closed.admitted()).isFalse();
        assertThat(closed.refusal().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(closed.refusal().retryAfterSeconds()).isEqualTo(RateLimiter.STORE_DOWN_RETRY_SECONDS);

        RateLimiter closedQuota = limiter(failing(), true, Map.of("mock", new RateLimiter.Quota(1, 0)));
        assertThat(get(closedQuota.admitProvider("mock", TokenDemand.of(1))).refusal().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    static CounterStore failing() {
        return new CounterStore() {
            @Override
            public Future<Decision> admit(List<Counter> counters, Slot slot) {
                return Future.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public Future<Void> release(Slot slot) {
                return Future.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public Future<List<Long>> read(List<String> keys) {
                return Future.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public Future<Integer> slotsInUse(String key) {
                return Future.failedFuture(new IllegalStateException("down"));
            }
        };
    }

    @Test
    void budgetGaugesFollowTheSpendingAndRefusalsAreCountedByLimit() {
        Principal p = key("spender", limits(0, 0, 0, 100, 0, 0, 0));
        KeyAdmission first = admit(p, 10);
        assertThat(ratio("spender", "daily_tokens")).as("nothing spent yet").isZero();
        get(limiter.settle(first, null, "mock", "echo", new Usage(60, 30, 0, 0)));
        admit(p, 10);
        assertThat(ratio("spender", "daily_tokens")).isEqualTo(0.9);
        get(limiter.settle(admit(p, 10), null, "mock", "echo", new Usage(10, 0, 0, 0)));
        assertThat(admit(p, 10).admitted()).as("the budget is spent").isFalse();
        assertThat(ratio("spender", "daily_tokens")).isEqualTo(1.0);
        assertThat(rejections("daily_tokens")).isEqualTo(1);
        assertThat(rejections("requests_per_minute")).as("every kind registered at 0").isZero();
        assertThat(registry.find("aimux_budget_usage_ratio").tag("key", "spender").tag("budget", "monthly_cost").gauge())
                .as("a budget the key does not have").isNull();
    }

    double ratio(String key, String budget) {
        return registry.get("aimux_budget_usage_ratio").tag("key", key).tag("budget", budget).gauge().value();
    }

    double rejections(String limit) {
        return registry.get("aimux_rate_limit_rejections_total").tag("limit", limit).counter().count();
    }
}
