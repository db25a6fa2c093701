package io.aimux.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryResponseStoreTest {

    static ResponseStore.StoredResponse response(String id, long at) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return new ResponseStore.StoredResponse(id, null, f.objectNode().put("id", id), f.arrayNode(), f.arrayNode(), at);
    }

    @Test
    void theOldestLeaveWhenTheCountIsReached() {
        AtomicLong now = new AtomicLong(1000);
        InMemoryResponseStore store = new InMemoryResponseStore(2, 60, now::get);
        store.put(response("a", now.get()));
        store.put(response("b", now.get()));
        store.put(response("c", now.get()));
        assertThat(store.get("a").result()).isNull();
        assertThat(store.get("b").result()).isNotNull();
        assertThat(store.get("c").result()).isNotNull();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void expiredResponsesAreUnknown() {
        AtomicLong now = new AtomicLong(1000);
        InMemoryResponseStore store = new InMemoryResponseStore(10, 60, now::get);
        store.put(response("a", now.get()));
        now.addAndGet(59_999);
        assertThat(store.get("a").result()).isNotNull();
        now.addAndGet(1);
        assertThat(store.get("a").result()).isNull();
        assertThat(store.delete("a").result()).isFalse();
    }

    @Test
    void zeroStoresNothingAndDeleteRemoves() {
        InMemoryResponseStore none = new InMemoryResponseStore(0, 60, () -> 0);
        none.put(response("a", 0));
        assertThat(none.get("a").result()).isNull();
        InMemoryResponseStore store = new InMemoryResponseStore(5, 60, () -> 0);
        store.put(response("a", 0));
        assertThat(store.delete("a").result()).isTrue();
        assertThat(store.get("a").result()).isNull();
    }
}
