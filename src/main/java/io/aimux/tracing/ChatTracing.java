package io.aimux.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Spans of chat requests (docs/monitoring.md#traces): one SERVER span per request, one CLIENT
 * span per upstream attempt. Off unless the OpenTelemetry SDK is switched on
 * ({@code QUARKUS_OTEL_SDK_DISABLED=false}); then {@link #start} returns null and the request
 * path builds no span objects at all. The caller's {@code traceparent} is honoured, so the
 * gateway's spans join the client's trace.
 */
@ApplicationScoped
public class ChatTracing {

    static final String INSTRUMENTATION = "io.aimux";

    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final boolean enabled;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    public ChatTracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled,
            @ConfigProperty(name = "quarkus.otel.traces.enabled", defaultValue = "true") boolean tracesEnabled) {
        this.enabled = !sdkDisabled && tracesEnabled;
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The trace of one chat request, started now; null when tracing is off. */
    public ChatTrace start(HttpServerRequest request, String api, String requestId) {
        if (!enabled) {
            return null;
        }
        Context parent = openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), request, HEADERS);
        Span server = tracer.spanBuilder("chat").setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(ChatTrace.OPERATION, "chat")
                .setAttribute(ChatTrace.API, api)
                .setAttribute(ChatTrace.REQUEST_ID, requestId == null ? "" : requestId)
                .startSpan();
        return new ChatTrace(tracer, server);
    }
}
