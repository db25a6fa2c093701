package io.aimux.state;

import io.aimux.state.CounterStore.Counter;
import io.aimux.state.CounterStore.Decision;
import io.aimux.state.CounterStore.Slot;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every state store must do; run against the in-memory store and against a real Redis. */
abstract class CounterStoreContract {

    static final long MINUTE = 60_000;

    /** The store under test; the same instance for every test of a class. */
    abstract CounterStore store();

    /** Counter names unique to one test, so tests sharing a store never meet. */
    String ns;

    @BeforeEach
    void namespace() {
        ns = "t-" + UUID.randomUUID() + ":";
    }

    static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Decision admit(Slot slot, Counter... counters) {
        return get(store().admit(List.of(counters), slot));
    }

    @Test
    void admitsUpToTheLimitThenRefusesWithoutCounting() {
        for (int i = 1; i <= 3; i++) {
            Decision d = admit(null, new Counter(ns + "rpm", 1, 3, MINUTE));
            assertThat(d.admitted()).isTrue();
            assertThat(d.values()).containsExactly((long) i);
        }
        Decision refused = admit(null, new Counter(ns + "rpm", 1, 3, MINUTE));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refused()).isZero();
        assertThat(refused.values()).containsExactly(3L);
        assertThat(get(store().read(List.of(ns + "rpm")))).containsExactly(3L);
    }

    @Test
    void allOrNothingAcrossCounters() {
        admit(null, new Counter(ns + "b", 5, 5, MINUTE));
        Decision d = admit(null, new Counter(ns + "a", 1, 10, MINUTE), new Counter(ns + "b", 1, 5, MINUTE));
        assertThat(d.admitted()).isFalse();
        assertThat(d.refused()).isEqualTo(1);
        assertThat(get(store().read(List.of(ns + "a", ns + "b")))).containsExactly(0L, 5L);
    }

    @Test
    void aChargeOfZeroIsRefusedOnceTheBudgetIsSpent() {
        assertThat(admit(null, new Counter(ns + "budget", 0, 10, MINUTE)).admitted()).isTrue();
        get(store().add(List.of(new Counter(ns + "budget", 9, 0, MINUTE))));
        assertThat(admit(null, new Counter(ns + "budget", 0, 10, MINUTE)).admitted()).isTrue();
        get(store().add(List.of(new Counter(ns + "budget", 1, 0, MINUTE))));
        assertThat(admit(null, new Counter(ns + "budget", 0, 10, MINUTE)).admitted()).as("spent == budget").isFalse();
    }

    @Test
    void addIgnoresLimitsAndTakesNegativeCorrections() {
        get(store().add(List.of(new Counter(ns + "t", 100, 0, MINUTE))));
        get(store().add(List.of(new Counter(ns + "t", -30, 0, MINUTE))));
        assertThat(get(store().read(List.of(ns + "t", ns + "missing")))).containsExactly(70L, 0L);
    }

    @Test
    void aChargeLargerThanWhatIsLeftIsRefused() {
        admit(null, new Counter(ns + "tpm", 60, 100, MINUTE));
        assertThat(admit(null, new Counter(ns + "tpm", 41, 100, MINUTE)).admitted()).isFalse();
        assertThat(admit(null, new Counter(ns + "tpm", 40, 100, MINUTE)).admitted()).isTrue();
    }

    @Test
    void slotsAreTakenUpToTheLimitAndReleasedOnce() {
        Slot first = new Slot(ns + "slots", "r1", 2, MINUTE);
        Slot second = new Slot(ns + "slots", "r2", 2, MINUTE);
        Slot third = new Slot(ns + "slots", "r3", 2, MINUTE);
        assertThat(admit(first).admitted()).isTrue();
        assertThat(admit(second).slotsInUse()).isEqualTo(2);
        Decision full = admit(third, new Counter(ns + "rpm", 1, 100, MINUTE));
        assertThat(full.admitted()).isFalse();
        assertThat(full.refused()).as("the slot, after the one counter").isEqualTo(1);
        assertThat(get(store().read(List.of(ns + "rpm")))).as("nothing counted").containsExactly(0L);

        get(store().release(first));
        get(store().release(first)); // a second release of the same holder changes nothing
        assertThat(get(store().slotsInUse(ns + "slots"))).isEqualTo(1);
        assertThat(admit(third).admitted()).isTrue();
        assertThat(get(store().slotsInUse(ns + "slots"))).isEqualTo(2);
    }

    @Test
    void slotsOfAVanishedHolderExpire() {
        assertThat(admit(new Slot(ns + "slots", "crashed", 1, 200)).admitted()).isTrue();
        assertThat(admit(new Slot(ns + "slots", "next", 1, MINUTE)).admitted()).isFalse();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> admit(new Slot(ns + "slots", "next", 1, MINUTE)).admitted());
    }

    @Test
    void countersExpire() {
        admit(null, new Counter(ns + "short", 5, 0, 200));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(store().read(List.of(ns + "short"))).get(0) == 0L);
    }

    @Test
    void concurrentCallersNeverOvershoot() throws Exception {
        List<java.util.concurrent.CompletableFuture<Decision>> calls = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 200; i++) {
                calls.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> admit(null, new Counter(ns + "race", 1, 50, MINUTE)), pool));
            }
            long admitted = 0;
            for (var call : calls) {
                admitted += call.get(30, TimeUnit.SECONDS).admitted() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
