package io.aimux.provider.mock;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.WireProtocol;
import io.aimux.provider.UpstreamReply;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scripted reply that exists only as events. {@link #streamEvents} plays the script on a Vert.x
 * context, one event per context turn (or per timer when a step has a delay), so the caller is
 * never blocked; {@code end()} follows the last step. Steps are taken from the script only as
 * they are played. {@link #pause} holds playback until {@link #resume} (a client that reads
 * slowly); {@link #cancel} stops it at once: no further event and no {@code end()} reach the sink.
 */
final class MockReply implements UpstreamReply {

    /** One scripted event, emitted {@code delayMs} after the previous one (0 = next context turn). */
    record Step(long delayMs, ChatEvent event) {}

    private final Vertx vertx;
    private final Iterator<Step> steps;
    private final Runnable onCancel;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long timerId = -1;
    private ChatEventSink sink;
    private Context context;
    /** The step to play next, or null after the last. */
    private Step upcoming;
    private volatile boolean paused;
    /** Playback reached a turn while paused and waits for {@link #resume}. */
    private boolean stalled;

    MockReply(Vertx vertx, Iterator<Step> steps, Runnable onCancel) {
        this.vertx = vertx;
        this.steps = steps;
        this.onCancel = onCancel;
    }

    @Override
    public WireProtocol protocol() {
        return null;
    }

    @Override
    public void streamEvents(ChatEventSink sink) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("reply already consumed");
        }
        this.sink = sink;
        this.context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            upcoming = steps.hasNext() ? steps.next() : null;
            fire();
        });
    }

    private void fire() {
        timerId = -1;
        if (cancelled.get()) {
            return;
        }
        if (paused) {
            stalled = true;
            return;
        }
        if (upcoming == null) {
            sink.end();
            return;
        }
        Step now = upcoming;
        upcoming = steps.hasNext() ? steps.next() : null;
        try {
            sink.accept(now.event());
        } catch (RuntimeException e) {
            // a broken sink ends playback; the context's exception handler reports the error
            cancelled.set(true);
            throw e;
        }
        long delay = upcoming != null ? upcoming.delayMs() : 0;
        if (cancelled.get()) {
            return;
        }
        if (delay > 0) {
            timerId = vertx.setTimer(delay, id -> fire());
            if (cancelled.get()) {
                vertx.cancelTimer(timerId);
            }
        } else {
            context.runOnContext(v -> fire());
        }
    }

    @Override
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            long id = timerId;
            if (id >= 0) {
                vertx.cancelTimer(id);
            }
            onCancel.run();
        }
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void streamBytes(Handler<Buffer> chunk, Handler<Throwable> end) {
        throw new UnsupportedOperationException("the mock reply exists only as events");
    }

    /** Holds playback after the event being played (the client's write queue is full). */
    @Override
    public void pause() {
        paused = true;
    }

    /** Plays on from where {@link #pause} held it. */
    @Override
    public void resume() {
        paused = false;
        Context playing = context;
        if (playing != null) {
            playing.runOnContext(v -> {
                if (stalled && !paused) {
                    stalled = false;
                    fire();
                }
            });
        }
    }
}
