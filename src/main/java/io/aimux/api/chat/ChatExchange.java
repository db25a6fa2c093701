package io.aimux.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.ErrorBodies;
import io.aimux.api.ToonEncoder;
import io.aimux.api.anthropic.AnthropicResponseEncoder;
import io.aimux.api.anthropic.AnthropicStreamEncoder;
import io.aimux.api.openai.OpenAiResponseEncoder;
import io.aimux.api.openai.OpenAiStreamEncoder;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.ResponseAccumulator;
import io.aimux.chat.Usage;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.limits.KeyAdmission;
import io.aimux.limits.LimitRefusal;
import io.aimux.limits.ProviderAdmission;
import io.aimux.limits.RateLimitHeaders;
import io.aimux.limits.TokenDemand;
import io.aimux.guard.content.GuardEngine;
import io.aimux.guard.content.GuardPolicy;
import io.aimux.guard.content.StreamGuard;
import io.aimux.metrics.UsageRecord;
import io.aimux.prettify.PrettifyStage;
import io.aimux.provider.Provider;
import io.aimux.provider.UpstreamCall;
import io.aimux.provider.UpstreamReply;
import io.aimux.route.RouteDecision;
import io.aimux.translate.TokenEstimate;
import io.aimux.route.Target;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * One chat request from arrival to its single answer and single usage record: the attempts
 * along the fallback chain (failing over only before the first byte), then either a
 * {@link PassthroughRelay} or the decoded event chain (usage tap, prettifier, encoder) writing
 * through a {@link ClientWriter}. Runs on the event loop of the client connection; upstream
 * callbacks arrive on the same loop.
 */
final class ChatExchange implements PassthroughRelay.Exchange {

    private static final Logger LOG = Logger.getLogger(ChatExchange.class);

    private final ChatService service;
    private final ClientWriter writer;
    private final HttpServerResponse response;
    private final WireProtocol protocol;
    private final String api;
    private final long started;

    private ChatService.ClientRequest request;
    private List<Target> targets;
    private RouteDecision route;
    private Target target;
    private ChatService.Plan plan;
    private UpstreamReply reply;
    private Usage usage = Usage.NONE;
    private long upstreamStarted;
    private long upstreamEnded;
    private boolean recorded;
    private boolean clientGone;
    /** Index in the fallback chain of the attempt in progress; chains of earlier attempts go quiet. */
    private int attempt;
    /** The upstream call until it answered; cancelling it resets the request. */
    private Cancellable pending;
    /** The guarded call of the attempt in progress, to stop its retries and reset its request. */
    private UpstreamCall upstreamCall;
    /** Upstream calls made for the earlier targets of the chain. */
    private int earlierAttempts;
    /** Timer of {@code limits.total_timeout_seconds}, or -1. */
    private long deadline = -1;
    /** The converting front door (Responses) that encodes the answer, or null for the chat endpoints. */
    private final FrontDoor door;
    /** What the request is charged against tokens-per-minute limits (estimated once, if needed). */
    private TokenDemand demand;
    /** The client key's limits for this request; settled with the usage record. */
    private KeyAdmission admission;
    /** The quota admission of the target in use, corrected to its usage with the record. */
    private ProviderAdmission providerAdmission;
    /** The caller's guard policy, for the answer. */
    private GuardPolicy guardPolicy;
    /** The attempt in progress goes to an upstream that speaks the door's own protocol: its answer is relayed. */
    private boolean relayResponses;
    /** The request's id and caller, for the usage record. */
    private final String requestId;
    private final String keyName;
    /** What the request was answered with when it failed, for the usage record. */
    private String failure;
    /** The request's spans; null while tracing is off. */
    private final io.aimux.tracing.ChatTrace trace;
    /** The client's request body as the request log keeps it; null unless request_log.bodies is on. */
    private String requestBody;

    ChatExchange(ChatService service, RoutingContext ctx, WireProtocol protocol, String api, long started) {
        this(service, ctx, protocol, api, started, null);
    }

    ChatExchange(ChatService service, RoutingContext ctx, WireProtocol protocol, String api, long started, FrontDoor door) {
        this.door = door;
        this.service = service;
        this.writer = new ClientWriter(ctx.response());
        this.response = ctx.response();
        this.protocol = protocol;
        this.api = api;
        this.started = started;
        this.requestId = io.aimux.api.RequestIds.of(ctx);
        io.aimux.guard.Principal principal = ctx.get(io.aimux.guard.Principal.CONTEXT_KEY);
        this.keyName = principal == null ? null : principal.keyId();
        this.trace = service.tracing.start(ctx.request(), api, requestId);
        ctx.response().closeHandler(v -> onClientGone());
    }

    /** Keeps the request body, and what the client will receive, for the request log. */
    void captureBodies(Buffer body) {
        requestBody = Captures.text(body, service.captureChars);
        writer.capture(service.captureChars);
    }

    /** The guard policy of the caller; the answer passes the response and tool-call stages under it. */
    void guard(GuardPolicy policy) {
        this.guardPolicy = policy;
    }

    /** The request was refused before routing (bad input, unknown model). */
    void rejectEarly(GatewayException error) {
        fail(error);
    }

    /**
     * Starts once the key's limits admitted the request, on this request's event loop; a refusal
     * is answered in the client's protocol. Limit headers go out with the answer either way.
     */
    void startWhenAdmitted(Future<KeyAdmission> admitted, TokenDemand demand, ChatService.ClientRequest request,
            RouteDecision route) {
        this.request = request;
        this.route = route;
        this.demand = demand;
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        admitted.onComplete(result -> onLoop(context, () -> admitted(result.succeeded() ? result.result()
                : null, request, route)));
    }

    private void admitted(KeyAdmission answer, ChatService.ClientRequest request, RouteDecision route) {
        if (answer == null) {
            fail(new GatewayException(ErrorKind.UNAVAILABLE, "rate limits cannot be checked right now; retry shortly", null, 2));
            return;
        }
        admission = answer;
        if (recorded) { // the client left while the store answered: give back what was taken
            service.limiter.settle(answer, null, null, null, Usage.NONE);
            return;
        }
        for (var header : RateLimitHeaders.of(answer, protocol)) {
            response.putHeader(header.getKey(), header.getValue());
        }
        if (!answer.admitted()) {
            fail(answer.refusal());
            return;
        }
        start(request, route);
    }

    /** Runs on the request's event loop (store answers may arrive on another). */
    private static void onLoop(io.vertx.core.Context context, Runnable action) {
        if (context == null || io.vertx.core.Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    void start(ChatService.ClientRequest request, RouteDecision route) {
        this.request = request;
        this.route = route;
        if (demand == null) {
            demand = new TokenDemand(protocol, request.body());
        }
        this.targets = route.targets();
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context != null) {
            long limit = service.config.limits().totalTimeoutSeconds() * 1000L;
            deadline = context.owner().setTimer(limit, id -> onDeadline());
        }
        attempt(0);
    }

    /** The request ran out of its total time: the upstream is dropped and the client told so. */
    private void onDeadline() {
        if (recorded) {
            return;
        }
        if (reply != null) {
            reply.cancel();
        } else if (pending != null) {
            pending.cancel();
            upstreamCall.cancel();
        }
        GatewayException timeout = new GatewayException(ErrorKind.TIMEOUT,
                "the request exceeded limits.total_timeout_seconds (" + service.config.limits().totalTimeoutSeconds() + " s)");
        if (writer.committed()) {
            ChatEventSink encoder = door != null ? door.streamEncoder(writer::frame)
                    : protocol == WireProtocol.OPENAI
                    ? new OpenAiStreamEncoder(request.model(), false, writer::frame)
                    : new AnthropicStreamEncoder(request.model(), writer::frame);
            encoder.accept(new ChatEvent.Failure(ErrorKind.TIMEOUT.anthropicType(), timeout.getMessage()));
            writer.end();
            record(Outcome.TIMEOUT, 200);
        } else {
            fail(timeout);
        }
    }

    // ---- attempts along the fallback chain ----

    private void attempt(int index) {
        attempt = index;
        target = targets.get(index);
        // Headers leave with the first write, so the attempt that answers is the one named.
        nameRoute(index + 1);
        Provider provider = service.providers.find(target.provider()).orElse(null);
        if (provider == null) {
            fail(new GatewayException(ErrorKind.NOT_FOUND, "provider '" + target.provider() + "' is not enabled"));
            return;
        }
        if (service.limiter.hasQuota(target.provider())) {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            service.limiter.admitProvider(target.provider(), demand).onComplete(result -> onLoop(context,
                    () -> quotaAnswered(index, provider, result.result())));
            return;
        }
        send(index, provider);
    }

    /** A provider over its quota is skipped like an unavailable target; with none left, 429. */
    private void quotaAnswered(int index, Provider provider, ProviderAdmission quota) {
        if (recorded || clientGone || index != attempt) {
            return;
        }
        if (quota != null && !quota.admitted()) {
            if (index + 1 < targets.size() && !writer.committed()) {
                service.metrics.failover(target.provider(), "quota");
                attempt(index + 1);
            } else {
                fail(quota.refusal());
            }
            return;
        }
        providerAdmission = quota;
        send(index, provider);
    }

    private void send(int index, Provider provider) {
        if (provider.speaksResponses() && door != null) { // same protocol: the Responses request as it came, relayed
            plan = new ChatService.Plan(new io.aimux.provider.UpstreamRequest(target.model(), door.nativeBody(target.model()),
                    request.stream(), java.util.Map.of()), true, false, false);
        } else if (provider.speaksResponses()) { // chat clients: their request as Chat Completions, then as Responses
            try {
                ChatService.Plan chat = service.plan(request, target, provider, index + 1 < targets.size());
                ObjectNode body = chat.upstream().body();
                if (protocol == WireProtocol.OPENAI) {
                    io.aimux.translate.OpenAiRequestValidator.validate(body); // a translation checks what it rewrites
                }
                body = io.aimux.translate.ChatToResponses.request(body, target.model(),
                        field -> service.metrics.dropped("chat_to_responses", field));
                plan = new ChatService.Plan(new io.aimux.provider.UpstreamRequest(target.model(), body, request.stream(),
                        java.util.Map.of()), false, chat.prettify(), chat.toon());
            } catch (GatewayException e) {
                fail(e);
                return;
            }
        } else {
            try {
                plan = service.plan(request, target, provider, index + 1 < targets.size());
            } catch (GatewayException e) {
                fail(e);
                return;
            }
            if (door != null) {
                door.adapt(plan.upstream().body(), provider);
            }
        }
        relayResponses = door != null && provider.speaksResponses();
        upstreamStarted = System.nanoTime();
        upstreamEnded = 0;
        if (upstreamCall != null) {
            earlierAttempts += upstreamCall.attempts();
        }
        upstreamCall = trace == null ? new UpstreamCall()
                : new UpstreamCall(trace.attempts(target.provider(), target.model(), earlierAttempts));
        Uni<UpstreamReply> call = service.guards.send(provider, plan.upstream(), upstreamCall);
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context != null) { // retries run on the guard's timer: answers come back to this connection's loop
            call = call.emitOn(command -> context.runOnContext(v -> command.run()));
        }
        pending = call.subscribe().with(this::onReply, t -> onAttemptFailed(index, t));
    }

    private void onAttemptFailed(int index, Throwable failure) {
        upstreamEnded();
        if (clientGone) {
            return;
        }
        GatewayException error = failure instanceof GatewayException g ? g
                : new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider() + "' failed");
        if (!(failure instanceof GatewayException)) {
            LOG.debugf("upstream %s failed: %s", target.provider(), GuardEngine.scrubbed(failure.toString()));
        }
        if (error.kind().retryable() && index + 1 < targets.size() && !writer.committed()) {
            service.metrics.failover(target.provider(), error.kind().name().toLowerCase());
            service.metrics.attemptFailed(target.provider(), upstreamEnded - upstreamStarted);
            attempt(index + 1);
            return;
        }
        fail(error);
    }

    /**
     * The upstream accepted the request but its answer broke before anything reached the client:
     * the next target of the chain may still answer. Returns false when there is none, or when
     * the failure is the client's (a retry elsewhere would fail the same way).
     */
    @Override
    public boolean failOver(ChatEvent.Failure failure) {
        if (writer.committed() || recorded || clientGone || attempt + 1 >= targets.size()
                || !ErrorKind.fromErrorType(failure.type()).retryable()) {
            return false;
        }
        if (reply != null) {
            reply.cancel();
            reply = null;
        }
        writer.discard(); // frames of the broken answer never reached the client
        service.metrics.failover(target.provider(), "broken_answer");
        service.metrics.attemptFailed(target.provider(), System.nanoTime() - upstreamStarted);
        LOG.debugf("answer from %s broke before the first byte (%s); trying the next target", target.provider(),
                GuardEngine.scrubbed(failure.message()));
        usage = Usage.NONE;
        attempt(attempt + 1);
        return true;
    }

    private void onReply(UpstreamReply upstream) {
        if (clientGone) {
            upstream.cancel();
            return;
        }
        reply = upstream;
        writer.source(upstream);
        nameRoute(attempts());
        boolean relayable = plan.passthrough() && (door == null ? upstream.protocol() == protocol : relayResponses);
        // With guard.check_relayed_answers, an answer the guard may rewrite is decoded and
        // re-encoded in the same protocol instead of relayed; otherwise relayed answers pass as they come.
        boolean checkRelayed = service.config.guard().checkRelayedAnswers() && guardPolicy != null
                && StreamGuard.rewrites(guardPolicy);
        if (relayable && !checkRelayed) {
            var settings = service.providers.settings(target.provider());
            PassthroughRelay relay = new PassthroughRelay(this, writer, upstream, request, service.mapper, target.provider(),
                    settings == null ? null : settings.apiKey().orElse(null), door);
            if (request.stream()) {
                relay.stream();
            } else {
                relay.body(service.config.limits().maxUpstreamBodyBytes());
            }
            return;
        }
        ChatEventSink terminal = request.stream() && !plan.toon() ? new StreamTerminal() : new BodyTerminal();
        if (guardPolicy != null && StreamGuard.needed(guardPolicy) && (!relayable || checkRelayed)) {
            terminal = new StreamGuard(terminal, service.guard, guardPolicy, this::stopUpstream);
        }
        upstream.streamEvents(new UsageTap(plan.prettify() && !relayable
                ? new PrettifyStage(terminal, request.tools(), service.prettifier.extractorSettings(target.provider()),
                        service.prettifierMetrics)
                : terminal));
    }

    /** The guard stopped the answer: the rest of it is not wanted. */
    private void stopUpstream() {
        upstreamEnded();
        if (reply != null) {
            reply.cancel();
        }
    }

    // ---- the decoded path: events through to the client's encoder ----

    /** Watches events for usage accounting before they reach the encoder. */
    private final class UsageTap implements ChatEventSink {
        private final ChatEventSink next;
        private final int owner = attempt;

        UsageTap(ChatEventSink next) {
            this.next = next;
        }

        @Override
        public void accept(ChatEvent event) {
            if (owner != attempt) {
                return;
            }
            if (event instanceof ChatEvent.UsageReport report) {
                usage = usage.merge(report.usage());
            }
            if (!clientGone) {
                next.accept(event);
            }
        }

        @Override
        public void end() {
            if (owner != attempt) {
                return;
            }
            upstreamEnded();
            if (!clientGone) {
                next.end();
            }
        }
    }

    /** Streams SSE to the client. */
    private final class StreamTerminal implements ChatEventSink {
        private final ChatEventSink encoder = door != null ? door.streamEncoder(writer::frame)
                : protocol == WireProtocol.OPENAI
                ? new OpenAiStreamEncoder(request.model(), request.wantsUsage(), writer::frame)
                : new AnthropicStreamEncoder(request.model(), writer::frame);
        private boolean failed;
        private boolean finished;

        @Override
        public void accept(ChatEvent event) {
            if (event instanceof ChatEvent.Failure f && !writer.committed()) {
                failed = true; // nothing sent yet: answer with a proper error status instead
                if (!failOver(f)) {
                    fail(failureError(f));
                }
                return;
            }
            if (event instanceof ChatEvent.Failure) {
                failed = true;
            } else if (event instanceof ChatEvent.Finish) {
                finished = true;
            }
            encoder.accept(event);
        }

        @Override
        public void end() {
            if (recorded) {
                return;
            }
            encoder.end();
            writer.end();
            // without a finish the encoder ended the stream with an error event
            completed(failed || !finished ? Outcome.UPSTREAM_ERROR : Outcome.COMPLETED);
        }
    }

    /**
     * Collects the answer and sends it as one JSON body, within {@code limits.max_upstream_body_bytes}
     * also when the upstream streams it (the {@code toon} format, the mock).
     */
    private final class BodyTerminal implements ChatEventSink {
        private final ResponseAccumulator answer = new ResponseAccumulator();
        private final long limit = service.config.limits().maxUpstreamBodyBytes();
        private long size;
        private boolean tooBig;

        @Override
        public void accept(ChatEvent event) {
            if (tooBig) {
                return;
            }
            size += ChatEvent.payloadChars(event);
            if (size > limit) {
                tooBig = true;
                if (reply != null) {
                    reply.cancel();
                }
                fail(new GatewayException(ErrorKind.UPSTREAM, "upstream '" + target.provider()
                        + "' sent an answer larger than " + limit + " bytes"));
                return;
            }
            answer.accept(event);
        }

        @Override
        public void end() {
            answer.end();
            if (recorded || tooBig) {
                return;
            }
            ChatEvent.Failure failure = answer.failure();
            if (failure != null) {
                if (!failOver(failure)) {
                    fail(failureError(failure));
                }
                return;
            }
            ObjectNode body = door != null ? door.body(answer)
                    : plan.toon() ? ToonEncoder.encode(answer, target.provider(), target.model(), request.model())
                    : protocol == WireProtocol.OPENAI
                    ? OpenAiResponseEncoder.encode(answer, request.model())
                    : AnthropicResponseEncoder.encode(answer, request.model());
            writer.json(Buffer.buffer(body.toString()));
            completed(Outcome.COMPLETED);
        }
    }


    /** The error for a failed answer, keeping its kind (overloaded, rate limited…) and status. */
    private static GatewayException failureError(ChatEvent.Failure failure) {
        return new GatewayException(ErrorKind.fromErrorType(failure.type()), failure.message());
    }

    // ---- ending: exactly one answer, exactly one usage record ----

    @Override
    public void usage(Usage reported) {
        usage = usage.merge(reported);
    }

    @Override
    public void upstreamEnded() {
        if (upstreamEnded == 0) {
            upstreamEnded = System.nanoTime();
        }
    }

    @Override
    public void completed(Outcome outcome) {
        record(outcome, 200);
    }

    @Override
    public void fail(GatewayException error) {
        if (recorded) {
            return;
        }
        if (reply != null) {
            reply.cancel(); // an answer that failed part-way releases its connection now
        }
        if (target != null && !writer.committed()) {
            nameRoute(Math.max(attempts(), attempt + 1));
        }
        writer.error(protocol, error);
        failure = error.getMessage();
        record(error instanceof LimitRefusal ? Outcome.REJECTED : Outcome.ofError(error.kind()), error.kind().status());
    }

    private void onClientGone() {
        if (recorded) {
            return;
        }
        clientGone = true;
        writer.close();
        if (reply != null) {
            reply.cancel();
        } else if (pending != null) {
            pending.cancel();
            upstreamCall.cancel();
        }
        record(Outcome.CLIENT_CANCELLED, 499);
    }

    /** Upstream calls so far, retries and failovers included. */
    private int attempts() {
        return earlierAttempts + (upstreamCall == null ? 0 : upstreamCall.attempts());
    }

    /** The {@code x-aimux-route} header for the target in use; {@code attempts} counts every upstream call. */
    private void nameRoute(int attempts) {
        if (route != null && target != null && !response.headWritten()) {
            response.putHeader(RouteDecision.HEADER, route.header(target, attempts));
        }
    }

    private void record(Outcome outcome, int status) {
        if (recorded) {
            return;
        }
        recorded = true;
        service.inFlight.decrementAndGet();
        if (deadline >= 0) {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            if (context != null) {
                context.owner().cancelTimer(deadline);
            }
        }
        long now = System.nanoTime();
        long total = now - started;
        long upstream = upstreamStarted > 0 && upstreamEnded >= upstreamStarted ? upstreamEnded - upstreamStarted : 0;
        long firstByte = writer.firstByte();
        int attempts = attempts();
        boolean estimated = false;
        if (attempts > 0 && usage.inputTokens() == 0 && request != null) {
            // the upstream read the prompt but reported nothing (cut off, cancelled): our estimate, flagged
            long input = protocol == WireProtocol.OPENAI ? TokenEstimate.openAiRequest(request.body())
                    : TokenEstimate.anthropicRequest(request.body());
            usage = new Usage(input, usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens());
            estimated = true;
        }
        // gives back the concurrency slot and turns estimates into usage, once: this runs once per request
        service.limiter.settle(admission, providerAdmission, target == null ? null : target.provider(),
                target == null ? null : target.model(), usage);
        String provider = target == null ? null : target.provider();
        String model = target == null ? null : target.model();
        UsageRecord finished = new UsageRecord(api, request == null ? null : request.model(), provider, model,
                request != null && request.stream(), outcome.label(), status, usage, total, upstream,
                firstByte > 0 ? firstByte - started : 0, upstream > 0 ? Math.max(0, total - upstream) : -1,
                estimated, attempts, route == null ? null : route.route(), requestId, keyName,
                service.limiter.costMicros(provider, model, usage), failure, trace == null ? null : trace.traceId(),
                requestBody == null ? null : new UsageRecord.Bodies(requestBody, writer.captured()));
        if (trace != null) {
            trace.finished(finished);
        }
        service.finished(finished);
    }
}
