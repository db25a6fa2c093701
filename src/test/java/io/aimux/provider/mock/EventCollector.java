package io.aimux.provider.mock;

import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Test sink: records events, their arrival times and threads, and the end. */
class EventCollector implements ChatEventSink {

    final List<ChatEvent> events = new ArrayList<>();
    final List<Long> arrivalNanos = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final CountDownLatch first = new CountDownLatch(1);
    final AtomicInteger endCalls = new AtomicInteger();

    @Override
    public synchronized void accept(ChatEvent event) {
        if (endCalls.get() > 0) {
            throw new AssertionError("event after end(): " + event);
        }
        events.add(event);
        arrivalNanos.add(System.nanoTime());
        threads.add(Thread.currentThread().getName());
        first.countDown();
    }

    @Override
    public void end() {
        endCalls.incrementAndGet();
        ended.countDown();
    }

    void awaitEnd() throws InterruptedException {
        if (!ended.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("stream did not end; got " + snapshot());
        }
    }

    synchronized List<ChatEvent> snapshot() {
        return List.copyOf(events);
    }

    synchronized int size() {
        return events.size();
    }

    synchronized String text() {
        return events.stream().filter(e -> e instanceof ChatEvent.TextDelta)
                .map(e -> ((ChatEvent.TextDelta) e).text()).collect(Collectors.joining());
    }

    synchronized List<String> textDeltas() {
        return events.stream().filter(e -> e instanceof ChatEvent.TextDelta)
                .map(e -> ((ChatEvent.TextDelta) e).text()).toList();
    }

    synchronized String thinking() {
        return events.stream().filter(e -> e instanceof ChatEvent.ThinkingDelta)
                .map(e -> ((ChatEvent.ThinkingDelta) e).text()).collect(Collectors.joining());
    }

    synchronized String arguments(int index) {
        return events.stream().filter(e -> e instanceof ChatEvent.ToolCallDelta d && d.index() == index)
                .map(e -> ((ChatEvent.ToolCallDelta) e).argumentsFragment()).collect(Collectors.joining());
    }

    /** Event kinds with consecutive repeats collapsed, e.g. [TextDelta, UsageReport, Finish]. */
    synchronized List<String> shape() {
        List<String> shape = new ArrayList<>();
        for (ChatEvent event : events) {
            String kind = event.getClass().getSimpleName();
            if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(kind)) {
                shape.add(kind);
            }
        }
        return shape;
    }

    synchronized ChatEvent last() {
        return events.get(events.size() - 1);
    }
}
