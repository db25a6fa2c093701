package io.aimux.provider;

import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream calls through SmallRye Fault Tolerance guards, one per provider and model: retries
 * with exponential backoff and jitter that honour {@code Retry-After}, a circuit breaker that
 * takes a failing target out of the chain and probes it half-open, and optional per-provider
 * concurrency and rate limits. A call covers only the time until the upstream accepted the
 * request, so every retry happens before the first byte reached the client. Retries also draw on
 * a per-provider budget ({@link RetryBudget}), so a failing provider cannot multiply its own load.
 */
@ApplicationScoped
public class UpstreamGuards {

    /** Guards kept at once; model names may come from clients, so past this they are per provider. */
    static final int MAX_GUARDS = 512;
    private static final TypeLiteral<Uni<UpstreamReply>> REPLY = new TypeLiteral<>() {};

    private final AimuxConfig config;
    private final Map<String, TypedGuard<Uni<UpstreamReply>>> guards = new ConcurrentHashMap<>();
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> states = new ConcurrentHashMap<>();

    public UpstreamGuards(AimuxConfig config) {
        this.config = config;
    }

    /**
     * Sends through the target's guard. Cancelling {@code call} resets the attempt in flight, and
     * is asked before every attempt: a client that left during a backoff gets no further call.
     */
    public Uni<UpstreamReply> send(Provider provider, UpstreamRequest request, UpstreamCall call) {
        String key = provider.name() + "/" + request.upstreamModel();
        if (!guards.containsKey(key) && guards.size() >= MAX_GUARDS) {
            key = provider.name();
        }
        TypedGuard<Uni<UpstreamReply>> guard = guards.computeIfAbsent(key, k -> build(k, provider.name()));
        budget(provider.name()).call();
        return guard.get(() -> call.cancelled()
                ? Uni.createFrom().failure(new CancellationException("the client left"))
                : observed(provider.send(request).onSubscription().invoke(call::attempt), call))
                .onFailure().transform(t -> explain(t, provider.name()));
    }

    /** Tells the call's listener (if any) when each attempt starts and how it ends. */
    private static Uni<UpstreamReply> observed(Uni<UpstreamReply> attempt, UpstreamCall call) {
        UpstreamCall.Attempts listener = call.listener();
        if (listener == null) {
            return attempt;
        }
        Object[] handle = new Object[1];
        return attempt.onSubscription().invoke(() -> handle[0] = listener.started(call.attempts()))
                .onTermination().invoke((reply, failure, cancelled) -> listener.ended(handle[0], failure, cancelled));
    }

    /** Breaker state per guard key ({@code provider/model}), for status pages and tests. */
    public Map<String, CircuitBreakerState> breakerStates() {
        return Map.copyOf(states);
    }

    RetryBudget budget(String provider) {
        return budgets.computeIfAbsent(provider, p -> new RetryBudget(config.limits().retryBudgetRatio()));
    }

    private TypedGuard<Uni<UpstreamReply>> build(String key, String provider) {
        AimuxConfig.ProviderConfig settings = config.providers().get(provider);
        AimuxConfig.Resilience r = settings == null ? null : settings.resilience();
        TypedGuard.Builder<Uni<UpstreamReply>> builder = TypedGuard.create(REPLY).withDescription("upstream " + key);
        int retries = r == null ? 0 : r.maxRetries();
        if (retries > 0) {
            long first = r.retryDelayMs();
            long max = r.retryMaxDelayMs();
            int maxRetryAfter = r.maxRetryAfterSeconds();
            RetryBudget budget = budget(provider);
            builder.withRetry().maxRetries(retries).delay(0, ChronoUnit.MILLIS).jitter(0, ChronoUnit.MILLIS)
                    .whenException(t -> retryable(t, maxRetryAfter) && budget.tryRetry())
                    .withCustomBackoff().strategy(() -> new Backoff(first, max)).done()
                    .done();
        }
        if (r != null && r.breakerRequestVolume() > 0) {
            states.put(key, CircuitBreakerState.CLOSED);
            builder.withCircuitBreaker().requestVolumeThreshold(r.breakerRequestVolume())
                    .failureRatio(r.breakerFailureRatio()).delay(r.breakerDelaySeconds(), ChronoUnit.SECONDS)
                    .successThreshold(1)
                    .when(UpstreamGuards::countsAgainstTheUpstream)
                    .onStateChange(state -> states.put(key, state))
                    .done();
        }
        if (r != null && r.rateLimitPerMinute() > 0) {
            builder.withRateLimit().limit(r.rateLimitPerMinute()).window(1, ChronoUnit.MINUTES).done();
        }
        if (r != null && r.maxConcurrent() > 0) {
            builder.withBulkhead().limit(r.maxConcurrent()).queueSize(Math.max(1, r.maxQueued())).done();
        }
        return builder.build();
    }

    /** Failures worth another try of the same target: transient ones, with a Retry-After we may wait for. */
    static boolean retryable(Throwable t, int maxRetryAfterSeconds) {
        if (!(t instanceof GatewayException g) || !g.kind().retryable() || g.kind() == ErrorKind.TIMEOUT) {
            return false; // a timeout already cost its full wait: the next target is the better bet
        }
        return g.retryAfterSeconds() == null || g.retryAfterSeconds() <= maxRetryAfterSeconds;
    }

    /** Failures that say the upstream is unwell (not the client's mistakes, not a client leaving). */
    static boolean countsAgainstTheUpstream(Throwable t) {
        return t instanceof GatewayException g && g.kind().retryable();
    }

    /** What a guard's own refusals mean for the chain: retryable kinds, so the next target is tried. */
    private static Throwable explain(Throwable t, String provider) {
        if (t instanceof CircuitBreakerOpenException) {
            return new GatewayException(ErrorKind.UNAVAILABLE,
                    "provider '" + provider + "' is paused after repeated failures (circuit open)");
        }
        if (t instanceof BulkheadException) {
            return new GatewayException(ErrorKind.UNAVAILABLE, "provider '" + provider + "' is at its concurrency limit");
        }
        if (t instanceof RateLimitException limited) {
            int seconds = (int) Math.max(1, Math.ceil(limited.getRetryAfterMillis() / 1000.0));
            return new GatewayException(ErrorKind.RATE_LIMITED, "provider '" + provider + "' is at its rate limit",
                    null, seconds);
        }
        return t;
    }

    /**
     * Exponential backoff with ±25% jitter, except that an upstream's Retry-After (already
     * bounded by {@link #retryable}) is waited for exactly.
     */
    static final class Backoff implements CustomBackoffStrategy {
        private final long first;
        private final long max;
        private long next;

        Backoff(long first, long max) {
            this.first = first;
            this.max = max;
            this.next = first;
        }

        @Override
        public void init(long initialDelayInMillis) {
            next = first;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof GatewayException g && g.retryAfterSeconds() != null) {
                return g.retryAfterSeconds() * 1000L;
            }
            long base = next;
            next = Math.min(max, next * 2);
            long jitter = base / 4;
            return Math.max(0, base + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0));
        }
    }
}
