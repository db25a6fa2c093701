package io.aimux.provider.mock;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.WireProtocol;
import io.aimux.provider.UpstreamReply;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scripted reply that exists only as events. {@link #streamEvents} plays the script on a Vert.x
 * context, one event per context turn (or per timer when a step has a delay), so the caller is
 * never blocked; {@code end()} follows the last step. {@link #cancel} stops playback at once:
 * no further event and no {@code end()} reach the sink.
 */
final class MockReply implements UpstreamReply {

    /** One scripted event, emitted {@code delayMs} after the previous one (0 = next context turn). */
    record Step(long delayMs, ChatEvent event) {}

    private final Vertx vertx;
    private final List<Step> steps;
    private final Runnable onCancel;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long timerId = -1;
    private ChatEventSink sink;
    private Context context;

    MockReply(Vertx vertx, List<Step> steps, Runnable onCancel) {
        this.vertx = vertx;
        this.steps = List.copyOf(steps);
        this.onCancel = onCancel;
    }

    /** The script, for tests and diagnostics. */
    List<Step> steps() {
        return steps;
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
        context.runOnContext(v -> fire(0));
    }

    private void fire(int index) {
        timerId = -1;
        if (cancelled.get()) {
            return;
        }
        if (index >= steps.size()) {
            sink.end();
            return;
        }
        try {
            sink.accept(steps.get(index).event());
        } catch (RuntimeException e) {
            // a broken sink ends playback; the context's exception handler reports the error
            cancelled.set(true);
            throw e;
        }
        int next = index + 1;
        long delay = next < steps.size() ? steps.get(next).delayMs() : 0;
        if (cancelled.get()) {
            return;
        }
        if (delay > 0) {
            timerId = vertx.setTimer(delay, id -> fire(next));
            if (cancelled.get()) {
                vertx.cancelTimer(timerId);
            }
        } else {
            context.runOnContext(v -> fire(next));
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

    /** No-op: events are small and produced on demand. */
    @Override
    public void pause() {}

    /** No-op, see {@link #pause()}. */
    @Override
    public void resume() {}
}
