package io.aimux.tracing;

import io.aimux.error.GatewayException;
import io.aimux.metrics.UsageRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.concurrent.CancellationException;

/**
 * The spans of one chat request. Attribute names follow the OpenTelemetry GenAI semantic
 * conventions ({@code gen_ai.*}) where one exists; the gateway's own are {@code aimux.*}. Upstream
 * attempts may be reported from the fault-tolerance timer's thread: spans are thread-safe, and
 * only one attempt of a request is in flight at a time.
 */
public final class ChatTrace {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("aimux.request_id");
    static final AttributeKey<String> API = AttributeKey.stringKey("aimux.api");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("aimux.key");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("aimux.route");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("aimux.outcome");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("aimux.attempts");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("aimux.attempt");

    /** Longest model name put in a span name (it may come from the client). */
    static final int MAX_NAME = 128;

    private final Tracer tracer;
    private final Span server;
    private final Context context;

    ChatTrace(Tracer tracer, Span server) {
        this.tracer = tracer;
        this.server = server;
        this.context = Context.root().with(server);
    }

    public String traceId() {
        return server.getSpanContext().getTraceId();
    }

    /** Spans of the attempts of one guarded call to a target; {@code before} calls went to earlier targets. */
    public io.aimux.provider.UpstreamCall.Attempts attempts(String provider, String model, int before) {
        return new io.aimux.provider.UpstreamCall.Attempts() {
            @Override
            public Object started(int number) {
                return attemptStarted(provider, model, before + number);
            }

            @Override
            public void ended(Object span, Throwable failure, boolean cancelled) {
                if (span instanceof Span attempt) {
                    attemptEnded(attempt, failure, cancelled);
                }
            }
        };
    }

    /** A CLIENT span for one upstream call; {@code number} counts the request's calls from 1. */
    Span attemptStarted(String provider, String model, int number) {
        return tracer.spanBuilder("chat " + shorten(model)).setParent(context).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, provider)
                .setAttribute(REQUEST_MODEL, model)
                .setAttribute(ATTEMPT, (long) number)
                .startSpan();
    }

    /** Ends an attempt: accepted (a 2xx answer began), failed, or cancelled. */
    static void attemptEnded(Span attempt, Throwable failure, boolean cancelled) {
        if (failure instanceof GatewayException g) {
            attempt.setAttribute(HTTP_STATUS, (long) g.kind().status());
            attempt.setAttribute(ERROR_TYPE, g.kind().name().toLowerCase(java.util.Locale.ROOT));
            attempt.setStatus(StatusCode.ERROR);
        } else if (failure != null) {
            attempt.setAttribute(ERROR_TYPE, failure instanceof CancellationException ? "cancelled" : failure.getClass().getSimpleName());
            attempt.setStatus(StatusCode.ERROR);
        } else if (cancelled) {
            attempt.setAttribute(ERROR_TYPE, "cancelled");
        } else {
            attempt.setAttribute(HTTP_STATUS, 200L);
        }
        attempt.end();
    }

    /** Ends the request's span with what its usage record says. */
    public void finished(UsageRecord r) {
        if (r.requestedModel() != null) {
            server.updateName("chat " + shorten(r.requestedModel()));
            server.setAttribute(REQUEST_MODEL, r.requestedModel());
        }
        if (r.provider() != null) {
            server.setAttribute(PROVIDER, r.provider());
            server.setAttribute(RESPONSE_MODEL, r.model());
        }
        if (r.route() != null) {
            server.setAttribute(ROUTE, r.route());
        }
        if (r.keyName() != null) {
            server.setAttribute(KEY, r.keyName());
        }
        server.setAttribute(INPUT_TOKENS, r.usage().inputTokens());
        server.setAttribute(OUTPUT_TOKENS, r.usage().outputTokens());
        server.setAttribute(HTTP_STATUS, (long) r.status());
        server.setAttribute(OUTCOME, r.outcome());
        server.setAttribute(ATTEMPTS, (long) r.attempts());
        if (!"completed".equals(r.outcome())) {
            server.setAttribute(ERROR_TYPE, r.outcome());
            if ("upstream_error".equals(r.outcome()) || "timeout".equals(r.outcome())) {
                server.setStatus(StatusCode.ERROR); // the client's own mistakes and departures are not the server's errors
            }
        }
        server.end();
    }

    private static String shorten(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }
}
