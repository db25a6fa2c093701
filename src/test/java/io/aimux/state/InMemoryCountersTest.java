package io.aimux.state;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCountersTest extends CounterStoreContract {

    private final InMemoryCounters store = new InMemoryCounters();

    @Override
    CounterStore store() {
        return store;
    }

    @Test
    void expiredEntriesAreSwept() {
        AtomicLong now = new AtomicLong(1_000_000);
        InMemoryCounters counters = new InMemoryCounters(now::get);
        for (int i = 0; i < 100; i++) {
            get(counters.admit(List.of(new CounterStore.Counter("c" + i, 1, 0, 1000)),
                    new CounterStore.Slot("s" + i, "x", 1, 1000)));
        }
        assertThat(counters.size()).isEqualTo(200);
        now.addAndGet(2000);
        for (int i = 0; i < InMemoryCounters.SWEEP_EVERY; i++) {
            get(counters.read(List.of("c0")));
            get(counters.admit(List.of(), null));
        }
        assertThat(counters.size()).isZero();
    }
}
