package io.aimux.api.admin;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/dashboard/events}: the dashboard snapshot as server-sent events, at once on
 * connect and every {@code dashboard.refresh_seconds}, with a comment heartbeat. One shared timer
 * builds the snapshot once per tick for every subscriber, and runs only while someone listens.
 * A subscriber whose write queue is still full skips that update instead of queueing it, so a slow
 * browser costs at most one queue's worth of memory. A Vert.x route (like the chat routes): the
 * response stays open and is written as time passes.
 */
@ApplicationScoped
public class DashboardEvents {

    public static final String PATH = "/api/dashboard/events";
    /** Seconds between heartbeat comments, so proxies keep an idle stream open even with slow refreshes. */
    static final int HEARTBEAT_SECONDS = 15;
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
    private static final Logger LOG = Logger.getLogger(DashboardEvents.class);

    private record Subscriber(HttpServerResponse response, Context context) {}

    private final DashboardSnapshot snapshot;
    private final Vertx vertx;
    private final long refreshMillis;
    private final int maxSubscribers;
    private final int heartbeatTicks;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private long timer = -1; // guarded by this
    private long ticks;

    public DashboardEvents(DashboardSnapshot snapshot, Vertx vertx, AimuxConfig config) {
        this.snapshot = snapshot;
        this.vertx = vertx;
        int refresh = Math.max(1, config.dashboard().refreshSeconds());
        this.refreshMillis = refresh * 1000L;
        this.maxSubscribers = config.dashboard().maxSubscribers();
        this.heartbeatTicks = Math.max(1, HEARTBEAT_SECONDS / refresh);
    }

    void install(@Observes Router router) {
        router.get(PATH).handler(this::subscribe);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopTimer();
    }

    /** Live subscribers now (for tests and views). */
    public int subscribers() {
        return count.get();
    }

    void subscribe(RoutingContext ctx) {
        // read the (empty) request to its end, or the body-read deadline (api/RequestDeadline) closes the stream
        ctx.request().resume();
        HttpServerResponse response = ctx.response();
        if (count.incrementAndGet() > maxSubscribers) {
            count.decrementAndGet();
            response.setStatusCode(503).putHeader("content-type", "application/json").putHeader("retry-after", "10")
                    .end(ErrorBodies.body(response, WireProtocol.OPENAI, ErrorKind.UNAVAILABLE,
                            "too many live dashboards are connected (dashboard.max_subscribers); retry later", null).toString());
            return;
        }
        Subscriber subscriber = new Subscriber(response, vertx.getOrCreateContext());
        subscribers.add(subscriber);
        Runnable leave = () -> {
            if (subscribers.remove(subscriber) && count.decrementAndGet() == 0) {
                stopTimer();
            }
        };
        response.closeHandler(v -> leave.run());
        response.exceptionHandler(e -> leave.run());
        if (response.closed()) {
            leave.run(); // gone before its close handler was set, which then never runs
            return;
        }
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no"); // proxies such as nginx must not hold events back
        response.write(HEARTBEAT);
        response.write(event());
        startTimer();
    }

    private synchronized void startTimer() {
        if (timer < 0) {
            timer = vertx.setPeriodic(refreshMillis, id -> tick());
        }
    }

    private synchronized void stopTimer() {
        if (timer >= 0 && count.get() == 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** One update for everyone: built once, then written to each subscriber whose queue has room. */
    private void tick() {
        if (subscribers.isEmpty()) {
            return;
        }
        Buffer event;
        try {
            event = event();
        } catch (RuntimeException e) {
            LOG.debug("building the dashboard snapshot failed", e);
            return;
        }
        boolean heartbeat = ++ticks % heartbeatTicks == 0;
        for (Subscriber subscriber : subscribers) {
            subscriber.context().runOnContext(v -> offer(subscriber.response(), event, heartbeat));
        }
    }

    /**
     * Writes one update unless the subscriber is gone or has not read the previous ones yet: a slow
     * reader skips updates (the next one carries everything anyway) rather than queueing them.
     *
     * @return whether it was written
     */
    static boolean offer(HttpServerResponse response, Buffer event, boolean heartbeat) {
        if (response.ended() || response.closed() || response.writeQueueFull()) {
            return false;
        }
        response.write(event);
        if (heartbeat) {
            response.write(HEARTBEAT);
        }
        return true;
    }

    /** Whether the shared timer runs (only while someone listens). */
    synchronized boolean timerRunning() {
        return timer >= 0;
    }

    private Buffer event() {
        String json = snapshot.build().toString();
        return Buffer.buffer("event: snapshot\ndata: " + json + "\n\n", StandardCharsets.UTF_8.name());
    }
}
