package io.aimux.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;

/** Tracing on, spans kept in memory and handed over as each ends (no OTLP endpoint). */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.simple", "true",
                "quarkus.otel.exporter.otlp.enabled", "false");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Exporter.class);
    }

    /** The in-memory exporter Quarkus picks up as a CDI SpanExporter, only in this profile. */
    @Alternative
    @Singleton
    public static class Exporter {
        static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

        @Produces
        @Singleton
        InMemorySpanExporter spans() {
            return SPANS;
        }
    }
}
