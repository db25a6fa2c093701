package io.aimux.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class UpstreamGuardsTest {

    @Test
    void onlyTransientFailuresWithAnAcceptableWaitAreRetried() {
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.UNAVAILABLE, "x"), 10)).isTrue();
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.UPSTREAM, "x"), 10)).isTrue();
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.RATE_LIMITED, "x", null, 3), 10)).isTrue();
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.RATE_LIMITED, "x", null, 30), 10))
                .as("a long Retry-After moves on to the next target").isFalse();
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.TIMEOUT, "x"), 10)).isFalse();
        assertThat(UpstreamGuards.retryable(new GatewayException(ErrorKind.INVALID_REQUEST, "x"), 10)).isFalse();
        assertThat(UpstreamGuards.retryable(new CancellationException(), 10)).isFalse();
    }

    @Test
    void clientMistakesDoNotOpenTheBreaker() {
        assertThat(UpstreamGuards.countsAgainstTheUpstream(new GatewayException(ErrorKind.INVALID_REQUEST, "x"))).isFalse();
        assertThat(UpstreamGuards.countsAgainstTheUpstream(new GatewayException(ErrorKind.OVERLOADED, "x"))).isTrue();
    }

    @Test
    void backoffDoublesWithinJitterUpToTheCapAndHonoursRetryAfter() {
        UpstreamGuards.Backoff backoff = new UpstreamGuards.Backoff(400, 1000);
        backoff.init(0);
        GatewayException plain = new GatewayException(ErrorKind.UNAVAILABLE, "x");
        assertThat(backoff.nextDelayInMillis(plain)).isBetween(300L, 500L);
        assertThat(backoff.nextDelayInMillis(plain)).isBetween(600L, 1000L);
        assertThat(backoff.nextDelayInMillis(plain)).isBetween(750L, 1250L);
        assertThat(backoff.nextDelayInMillis(new GatewayException(ErrorKind.RATE_LIMITED, "x", null, 2))).isEqualTo(2000L);
    }

    @Test
    void theRetryBudgetIsAShareOfCallsPlusAFloor() {
        RetryBudget budget = new RetryBudget(0.2);
        for (int i = 0; i < 50; i++) {
            budget.call();
        }
        int granted = 0;
        while (budget.tryRetry()) {
            granted++;
        }
        assertThat(granted).isEqualTo(RetryBudget.FLOOR + 10);
    }
}
