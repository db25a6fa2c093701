package io.aimux.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.aimux.guard.content.GuardEngine;
import io.aimux.metrics.RequestObserver;
import io.aimux.metrics.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code request_log.size} finished requests of this replica, newest first, behind
 * /api/requests. A lock-free ring: each request takes the next sequence number and writes its
 * slot, so event loops never wait for each other; a reader skips a slot whose entry is not the
 * one its sequence number expects (overwritten or not written yet). Bodies, when kept, are
 * redacted here, before anything stores them. With {@code request_log.persist}, entries are also
 * appended to files by {@link RequestLogFiles}, off the event loop.
 */
@ApplicationScoped
public class RequestLog implements RequestObserver {

    private final int capacity;
    private final AtomicReferenceArray<RequestLogEntry> slots;
    private final AtomicLong next = new AtomicLong();
    private final GuardEngine guard;
    private final RequestLogFiles files;

    public RequestLog(AimuxConfig config, GuardEngine guard, ObjectMapper mapper, MeterRegistry registry) {
        AimuxConfig.RequestLog settings = config.requestLog();
        this.capacity = Math.max(0, settings.size());
        this.slots = new AtomicReferenceArray<>(Math.max(1, capacity));
        this.guard = guard;
        this.files = capacity > 0 && settings.persist()
                ? new RequestLogFiles(Path.of(config.dataDir(), "request-log"), settings.maxFileBytes(),
                        settings.maxFiles(), settings.queueSize(), mapper, registry)
                : null;
    }

    public int capacity() {
        return capacity;
    }

    /** Entries held now. */
    public int size() {
        return (int) Math.min(next.get(), capacity);
    }

    @Override
    public void finished(UsageRecord record) {
        if (capacity == 0) {
            return;
        }
        UsageRecord.Bodies bodies = record.bodies() == null ? null
                : new UsageRecord.Bodies(guard.redactAll(record.bodies().request()), guard.redactAll(record.bodies().response()));
        String error = record.error() == null ? null : guard.scrub(record.error());
        long sequence = next.getAndIncrement();
        RequestLogEntry entry = RequestLogEntry.of(sequence, record, Instant.now(), error, bodies);
        slots.set(slot(sequence), entry);
        if (files != null) {
            files.offer(entry);
        }
    }

    /** Up to {@code limit} entries that match, newest first. */
    public List<RequestLogEntry> find(RequestFilter filter, int limit) {
        List<RequestLogEntry> out = new ArrayList<>(Math.min(limit, 256));
        long end = next.get();
        for (long sequence = end - 1; sequence >= Math.max(0, end - capacity) && out.size() < limit; sequence--) {
            RequestLogEntry entry = slots.get(slot(sequence));
            if (entry != null && entry.sequence() == sequence && filter.matches(entry)) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The newest entry of the request with this id, or null. */
    public RequestLogEntry get(String id) {
        List<RequestLogEntry> found = find(new RequestFilter(id, null, null, null, null), 1);
        return found.isEmpty() ? null : found.get(0);
    }

    private int slot(long sequence) {
        return (int) (sequence % capacity);
    }

    void stop(@Observes ShutdownEvent event) {
        if (files != null) {
            files.close();
        }
    }
}
