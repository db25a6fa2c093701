package io.aimux.guard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    @Test
    void tenFailuresAMinutePerAddress() {
        AtomicLong now = new AtomicLong(1_000_000);
        LoginThrottle throttle = new LoginThrottle(now::get);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).isZero(); // others are not affected
        now.addAndGet(59_500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        now.addAndGet(500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero(); // a new window
    }

    @Test
    void theTableIsBoundedAndOverflowSharesOneCounter() {
        AtomicLong now = new AtomicLong(0);
        LoginThrottle throttle = new LoginThrottle(now::get);
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("a" + i);
        }
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("b" + i); // a flood of new addresses
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(LoginThrottle.MAX_ADDRESSES + 1);
        assertThat(throttle.retryAfterSeconds("c-new")).isPositive(); // it cannot escape the limit by changing address
        now.addAndGet(LoginThrottle.WINDOW_MILLIS);
        assertThat(throttle.retryAfterSeconds("c-new")).isZero(); // old windows are cleared when room is needed
        throttle.failed("c-new");
        assertThat(throttle.tracked()).isEqualTo(1);
    }
}
