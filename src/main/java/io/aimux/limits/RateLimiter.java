package io.aimux.limits;

import io.aimux.chat.Usage;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.guard.Principal;
import io.aimux.state.CounterStore;
import io.aimux.state.CounterStore.Counter;
import io.aimux.state.StoreStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate limits and budgets of client keys and quotas of providers, counted in the state store
 * (docs/security.md#rate-limits-budgets-and-the-state-store). A request is admitted only if every limit of its key has room: one
 * atomic store call counts the request, charges its token estimate and takes a concurrency slot,
 * or changes nothing. When the request ends, {@link #settle} gives the slot back, corrects the
 * estimate to the real usage and adds tokens and cost to the budgets, exactly once.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** Retry-After while the store is down and limits fail closed. */
    static final int STORE_DOWN_RETRY_SECONDS = 2;
    /** Retry-After when a key's concurrent requests are all in use (no window to wait for). */
    static final int CONCURRENCY_RETRY_SECONDS = 1;
    /** A slot outlives the longest request by this much, then frees itself (a replica that died). */
    static final long SLOT_MARGIN_MILLIS = 60_000;

    /** Limits of one provider; 0 = none. */
    public record Quota(long requestsPerMinute, long tokensPerMinute) {}

    /** What the limiter needs of the configuration. */
    public record Settings(PriceTable prices, Map<String, Quota> quotas, Set<String> anthropicProviders,
            long slotTtlMillis) {
        public static Settings of(AimuxConfig config) {
            Map<String, Quota> quotas = new HashMap<>();
            Set<String> anthropic = new HashSet<>();
            config.providers().forEach((name, provider) -> {
                if (provider.quota().requestsPerMinute() > 0 || provider.quota().tokensPerMinute() > 0) {
                    quotas.put(name, new Quota(provider.quota().requestsPerMinute(), provider.quota().tokensPerMinute()));
                }
                if ("anthropic".equals(provider.type().orElse(null))) {
                    anthropic.add(name);
                }
            });
            return new Settings(PriceTable.of(config.prices()), quotas, anthropic,
                    config.limits().totalTimeoutSeconds() * 1000L + SLOT_MARGIN_MILLIS);
        }
    }

    private enum Limit {
        REQUESTS(LimitMetrics.Kind.REQUESTS_PER_MINUTE, null),
        TOKENS(LimitMetrics.Kind.TOKENS_PER_MINUTE, null),
        DAILY_TOKENS(LimitMetrics.Kind.DAILY_TOKENS, LimitMetrics.Budget.DAILY_TOKENS),
        MONTHLY_TOKENS(LimitMetrics.Kind.MONTHLY_TOKENS, LimitMetrics.Budget.MONTHLY_TOKENS),
        DAILY_COST(LimitMetrics.Kind.DAILY_COST, LimitMetrics.Budget.DAILY_COST),
        MONTHLY_COST(LimitMetrics.Kind.MONTHLY_COST, LimitMetrics.Budget.MONTHLY_COST);

        final LimitMetrics.Kind kind;
        /** The budget this limit is, or null for a rate. */
        final LimitMetrics.Budget budget;

        Limit(LimitMetrics.Kind kind, LimitMetrics.Budget budget) {
            this.kind = kind;
            this.budget = budget;
        }
    }

    private final CounterStore store;
    private final StoreStatus status;
    private final Settings settings;
    private final MeterRegistry registry;
    private final LimitMetrics metrics;
    private final LongSupplier clock;
    /** Slot holder ids: unique per replica (random part) and per request (sequence). */
    private final String replica = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    public RateLimiter(CounterStore store, StoreStatus status, AimuxConfig config, MeterRegistry registry) {
        this(store, status, Settings.of(config), registry, System::currentTimeMillis);
        config.auth().keys().forEach((name, key) -> metrics.budgets(name, KeyLimits.of(key.limits())));
    }

    public RateLimiter(CounterStore store, StoreStatus status, Settings settings, MeterRegistry registry,
            LongSupplier clock) {
        this.store = store;
        this.status = status;
        this.settings = settings;
        this.registry = registry;
        this.metrics = new LimitMetrics(registry);
        this.clock = clock;
    }

    // ---- client keys ----

    /** Checks and charges the key's limits; never fails (a store outage is decided by state.on_unavailable). */
    public Future<KeyAdmission> admit(Principal principal, TokenDemand demand) {
        KeyLimits limits = principal.limits();
        if (limits == null || limits.unlimited()) {
            return Future.succeededFuture(KeyAdmission.UNLIMITED);
        }
        long now = clock.getAsLong();
        String base = "k:" + principal.keyId() + ":";
        Windows.Window minute = Windows.minute(now);
        Windows.Window day = Windows.day(now);
        Windows.Window month = Windows.month(now);
        List<Counter> counters = new ArrayList<>(6);
        List<Limit> kinds = new ArrayList<>(6);
        String tokenCounter = null;
        long charged = 0;
        if (limits.requestsPerMinute() > 0) {
            counters.add(new Counter(base + "requests:" + minute.name(), 1, limits.requestsPerMinute(), minute.ttlMillis(now)));
            kinds.add(Limit.REQUESTS);
        }
        if (limits.tokensPerMinute() > 0) {
            // a request larger than the whole limit still passes alone in an empty minute
            charged = Math.min(demand.tokens(), limits.tokensPerMinute());
            tokenCounter = base + "tokens:" + minute.name();
            counters.add(new Counter(tokenCounter, charged, limits.tokensPerMinute(), minute.ttlMillis(now)));
            kinds.add(Limit.TOKENS);
        }
        budget(counters, kinds, Limit.DAILY_TOKENS, base + "tokens:" + day.name(), limits.dailyTokens(), day, now);
        budget(counters, kinds, Limit.MONTHLY_TOKENS, base + "tokens:" + month.name(), limits.monthlyTokens(), month, now);
        budget(counters, kinds, Limit.DAILY_COST, base + "usd:" + day.name(), PriceTable.micros(limits.dailyCostUsd()), day, now);
        budget(counters, kinds, Limit.MONTHLY_COST, base + "usd:" + month.name(), PriceTable.micros(limits.monthlyCostUsd()), month, now);
        CounterStore.Slot slot = limits.maxConcurrent() > 0
                ? new CounterStore.Slot(base + "slots", replica + "-" + sequence.incrementAndGet(), limits.maxConcurrent(),
                        settings.slotTtlMillis())
                : null;
        String tokens = tokenCounter;
        long estimate = charged;
        return call(() -> store.admit(counters, slot)).map(decision -> {
            budgetsSpent(principal.keyId(), limits, kinds, counters, decision);
            KeyAdmission.Rate requests = rate(kinds, decision, Limit.REQUESTS, limits.requestsPerMinute(), minute);
            KeyAdmission.Rate perMinute = rate(kinds, decision, Limit.TOKENS, limits.tokensPerMinute(), minute);
            if (decision.admitted()) {
                return new KeyAdmission(principal.keyId(), limits, null, requests, perMinute, now, tokens, estimate, slot, true);
            }
            metrics.rejected(decision.refused() >= kinds.size() ? LimitMetrics.Kind.CONCURRENCY
                    : kinds.get(decision.refused()).kind);
            LimitRefusal refusal = decision.refused() >= kinds.size()
                    ? new LimitRefusal(ErrorKind.RATE_LIMITED, "this key already has " + limits.maxConcurrent()
                            + " requests in flight, its limit; retry when one has finished",
                            LimitRefusal.RATE_LIMIT_EXCEEDED, CONCURRENCY_RETRY_SECONDS)
                    : refusal(kinds.get(decision.refused()), limits, estimate, minute, day, month, now);
            return new KeyAdmission(principal.keyId(), limits, refusal, requests, perMinute, now, null, 0, null, true);
        }).otherwise(failure -> {
            if (status.failClosed()) {
                metrics.rejected(LimitMetrics.Kind.STORE_UNAVAILABLE);
                return new KeyAdmission(principal.keyId(), limits, storeDown(), KeyAdmission.Rate.NONE,
                        KeyAdmission.Rate.NONE, now, null, 0, null, false);
            }
            return new KeyAdmission(principal.keyId(), limits, null, KeyAdmission.Rate.NONE, KeyAdmission.Rate.NONE, now,
                    null, 0, null, false);
        });
    }

    /** The budget gauges: what the store holds now, against each budget's limit. */
    private void budgetsSpent(String key, KeyLimits limits, List<Limit> kinds, List<Counter> counters,
            CounterStore.Decision decision) {
        for (int i = 0; i < kinds.size() && i < decision.values().size(); i++) {
            Limit kind = kinds.get(i);
            if (kind.budget != null) {
                metrics.spent(key, limits, kind.budget, decision.values().get(i), counters.get(i).limit());
            }
        }
    }

    private static void budget(List<Counter> counters, List<Limit> kinds, Limit kind, String key, long limit,
            Windows.Window window, long now) {
        if (limit > 0) {
            counters.add(new Counter(key, 0, limit, window.ttlMillis(now))); // 0: refused once spent >= budget
            kinds.add(kind);
        }
    }

    private static KeyAdmission.Rate rate(List<Limit> kinds, CounterStore.Decision decision, Limit kind, long limit,
            Windows.Window minute) {
        int at = kinds.indexOf(kind);
        return at < 0 ? KeyAdmission.Rate.NONE : new KeyAdmission.Rate(limit, decision.values().get(at), minute.endMillis());
    }

    private static LimitRefusal refusal(Limit kind, KeyLimits limits, long estimate, Windows.Window minute,
            Windows.Window day, Windows.Window month, long now) {
        return switch (kind) {
            case REQUESTS -> rate("this key's limit of " + limits.requestsPerMinute() + " requests per minute is reached",
                    minute, now);
            case TOKENS -> rate("this key's limit of " + limits.tokensPerMinute() + " tokens per minute is reached (this "
                    + "request is estimated at " + estimate + ")", minute, now);
            case DAILY_TOKENS -> spent("daily budget of " + limits.dailyTokens() + " tokens", day, now);
            case MONTHLY_TOKENS -> spent("monthly budget of " + limits.monthlyTokens() + " tokens", month, now);
            case DAILY_COST -> spent("daily cost budget of $" + dollars(limits.dailyCostUsd()), day, now);
            case MONTHLY_COST -> spent("monthly cost budget of $" + dollars(limits.monthlyCostUsd()), month, now);
        };
    }

    private static LimitRefusal rate(String what, Windows.Window window, long now) {
        int seconds = window.secondsLeft(now);
        return new LimitRefusal(ErrorKind.RATE_LIMITED, what + "; retry in " + seconds + " s",
                LimitRefusal.RATE_LIMIT_EXCEEDED, seconds);
    }

    private static LimitRefusal spent(String budget, Windows.Window window, long now) {
        return new LimitRefusal(ErrorKind.RATE_LIMITED, "this key's " + budget + " is spent; it resets at "
                + Instant.ofEpochMilli(window.endMillis()) + " (UTC)", LimitRefusal.INSUFFICIENT_QUOTA,
                window.secondsLeft(now));
    }

    private static String dollars(double amount) {
        return BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
    }

    private static LimitRefusal storeDown() {
        return new LimitRefusal(ErrorKind.UNAVAILABLE, "rate limits cannot be checked right now; retry shortly",
                null, STORE_DOWN_RETRY_SECONDS);
    }

    // ---- providers ----

    public boolean hasQuota(String provider) {
        return settings.quotas().containsKey(provider);
    }

    /** Checks and charges a provider's quota for one attempt; a refusal means: skip this target. */
    public Future<ProviderAdmission> admitProvider(String provider, TokenDemand demand) {
        Quota quota = settings.quotas().get(provider);
        if (quota == null) {
            return Future.succeededFuture(new ProviderAdmission(provider, null, null, 0));
        }
        long now = clock.getAsLong();
        Windows.Window minute = Windows.minute(now);
        String base = "p:" + provider + ":";
        List<Counter> counters = new ArrayList<>(2);
        if (quota.requestsPerMinute() > 0) {
            counters.add(new Counter(base + "requests:" + minute.name(), 1, quota.requestsPerMinute(), minute.ttlMillis(now)));
        }
        String tokenCounter = null;
        long charged = 0;
        if (quota.tokensPerMinute() > 0) {
            charged = Math.min(demand.tokens(), quota.tokensPerMinute());
            tokenCounter = base + "tokens:" + minute.name();
            counters.add(new Counter(tokenCounter, charged, quota.tokensPerMinute(), minute.ttlMillis(now)));
        }
        String tokens = tokenCounter;
        long estimate = charged;
        return call(() -> store.admit(counters, null)).map(decision -> {
            if (decision.admitted()) {
                return new ProviderAdmission(provider, null, tokens, estimate);
            }
            boolean requests = quota.requestsPerMinute() > 0 && decision.refused() == 0;
            metrics.rejected(requests ? LimitMetrics.Kind.PROVIDER_REQUESTS_PER_MINUTE
                    : LimitMetrics.Kind.PROVIDER_TOKENS_PER_MINUTE);
            return new ProviderAdmission(provider, rate("provider '" + provider + "' is over its quota of "
                    + (requests ? quota.requestsPerMinute() + " requests" : quota.tokensPerMinute() + " tokens")
                    + " per minute", minute, now), null, 0);
        }).otherwise(failure -> {
            if (status.failClosed()) {
                metrics.rejected(LimitMetrics.Kind.STORE_UNAVAILABLE);
            }
            return new ProviderAdmission(provider, status.failClosed() ? storeDown() : null, null, 0);
        });
    }

    // ---- when a request ends ----

    /**
     * Ends what an admission started, once: gives the slot back, corrects the token estimates of
     * the key and of the provider that answered to the real usage, and adds tokens and cost to
     * the key's budgets. {@code provider}/{@code model} are where the request was finally sent
     * (null if nowhere); {@code usage} is what it used. The future completes once the store has
     * the usage (callers need not wait: other replicas see it shortly after).
     */
    public Future<Void> settle(KeyAdmission key, ProviderAdmission attempt, String provider, String model, Usage usage) {
        boolean settleKey = key != null && key.claimSettlement();
        boolean settleProvider = attempt != null && attempt.tokenCounter() != null && attempt.provider().equals(provider);
        if (!settleKey && !settleProvider) {
            return Future.succeededFuture();
        }
        long now = clock.getAsLong();
        boolean inputIncludesCache = provider == null || !settings.anthropicProviders().contains(provider);
        long tokens = provider == null ? 0 : PriceTable.tokens(usage, inputIncludesCache);
        long minuteTtl = Windows.minute(now).ttlMillis(now);
        List<Counter> adds = new ArrayList<>(6);
        Future<Void> released = Future.succeededFuture();
        if (settleKey) {
            if (key.slot != null) {
                released = call(() -> store.release(key.slot)).<Void>mapEmpty()
                        .onFailure(t -> LOG.debug("a concurrency slot was not released; it expires"))
                        .recover(t -> Future.succeededFuture());
            }
            if (key.tokenCounter != null && tokens != key.tokensCharged) {
                adds.add(new Counter(key.tokenCounter, tokens - key.tokensCharged, 0, minuteTtl));
            }
            KeyLimits limits = key.limits;
            String base = "k:" + key.keyId + ":";
            Windows.Window day = Windows.day(now);
            Windows.Window month = Windows.month(now);
            if (tokens > 0) {
                addIf(adds, limits.dailyTokens() > 0, base + "tokens:" + day.name(), tokens, day.ttlMillis(now));
                addIf(adds, limits.monthlyTokens() > 0, base + "tokens:" + month.name(), tokens, month.ttlMillis(now));
            }
            if (tokens > 0 && (limits.dailyCostUsd() > 0 || limits.monthlyCostUsd() > 0)) {
                long cost = cost(provider, model, usage, inputIncludesCache);
                addIf(adds, cost > 0 && limits.dailyCostUsd() > 0, base + "usd:" + day.name(), cost, day.ttlMillis(now));
                addIf(adds, cost > 0 && limits.monthlyCostUsd() > 0, base + "usd:" + month.name(), cost, month.ttlMillis(now));
            }
        }
        if (settleProvider && tokens != attempt.tokensCharged()) {
            adds.add(new Counter(attempt.tokenCounter(), tokens - attempt.tokensCharged(), 0, minuteTtl));
        }
        if (adds.isEmpty()) {
            return released;
        }
        Future<Void> added = call(() -> store.add(adds)).onFailure(t -> LOG.debug("usage was not added to the limits; the store is down"))
                .<Void>mapEmpty().recover(t -> Future.succeededFuture());
        return Future.all(released, added).mapEmpty();
    }

    private static void addIf(List<Counter> adds, boolean when, String key, long amount, long ttl) {
        if (when) {
            adds.add(new Counter(key, amount, 0, ttl));
        }
    }

    /** Micro-dollars a request's usage cost on {@code provider}/{@code model}, or -1 when no price is configured. */
    public long costMicros(String provider, String model, Usage usage) {
        PriceTable.Price price = provider == null ? null : settings.prices().find(provider, model);
        if (price == null) {
            return -1;
        }
        return PriceTable.costMicros(price, usage, !settings.anthropicProviders().contains(provider));
    }

    /** Micro-dollars of a usage; a model without a price costs 0 and is counted. */
    long cost(String provider, String model, Usage usage, boolean inputIncludesCache) {
        PriceTable.Price price = settings.prices().find(provider, model);
        if (price == null) {
            registry.counter("aimux_price_missing_total", "provider", provider).increment();
            return 0;
        }
        return PriceTable.costMicros(price, usage, inputIncludesCache);
    }

    /** A store call whose synchronous exceptions become a failed future. */
    private static <T> Future<T> call(java.util.function.Supplier<Future<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
