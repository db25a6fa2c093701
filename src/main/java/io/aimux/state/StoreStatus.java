package io.aimux.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the state store answers, from every call and the background ping: the
 * {@code aimux_state_store_up} gauge, the {@code aimux_state_store_errors_total} counter, the
 * readiness check, and one log line per change (never the failure's text, which may carry the
 * store's address or password).
 */
public final class StoreStatus {

    private static final Logger LOG = Logger.getLogger(StoreStatus.class);

    private final String store;
    private final boolean failClosed;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger gauge = new AtomicInteger(1);
    private final Counter errors;

    public StoreStatus(MeterRegistry registry, String store, boolean failClosed) {
        this.store = store;
        this.failClosed = failClosed;
        this.errors = Counter.builder("aimux_state_store_errors_total")
                .description("Calls to the state store that failed or timed out").register(registry);
        // replaces a gauge of an earlier application instance in the same registry (tests restart the app)
        Gauge.Builder<AtomicInteger> builder = Gauge.builder("aimux_state_store_up", gauge, AtomicInteger::get)
                .description("1 while the state store answers, 0 while it does not").strongReference(true);
        registry.remove(builder.register(registry));
        builder.register(registry);
    }

    /** {@code memory} or {@code redis}. */
    public String store() {
        return store;
    }

    public boolean up() {
        return up.get();
    }

    /** Whether requests that need a limit check are refused while the store is down. */
    public boolean failClosed() {
        return failClosed;
    }

    public void succeeded() {
        if (up.compareAndSet(false, true)) {
            gauge.set(1);
            LOG.infof("state store (%s) reachable again; limits are enforced", store);
        }
    }

    public void failed() {
        errors.increment();
        if (up.compareAndSet(true, false)) {
            gauge.set(0);
            LOG.warnf("state store (%s) unreachable; %s", store, failClosed
                    ? "requests that need a limit check are refused with 503 until it answers (state.on_unavailable=closed)"
                    : "limits are not enforced until it answers (state.on_unavailable=open)");
        }
    }
}
