package io.aimux.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Gauge registration shared by the gateway's metric owners. */
public final class Gauges {

    private Gauges() {}

    /**
     * Registers a gauge in place of one of the same name and tags: a registry that outlives an
     * application instance (tests restart the application in one JVM) would otherwise keep
     * reading the first instance's state. The gauge holds its state strongly.
     */
    public static void replace(MeterRegistry registry, Gauge.Builder<?> builder) {
        Gauge gauge = builder.strongReference(true).register(registry);
        registry.remove(gauge);
        builder.register(registry);
    }
}
