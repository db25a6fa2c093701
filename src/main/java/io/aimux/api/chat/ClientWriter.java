package io.aimux.api.chat;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.error.GatewayException;
import io.aimux.provider.UpstreamReply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one answer to the client. Stream frames are gathered and written once per event-loop
 * turn, so what one upstream chunk produces leaves in one socket write; a full write queue
 * pauses the upstream until it drains. Nothing reaches the client before that first write, so an
 * answer that breaks within the same turn can still be answered with a proper error status.
 */
final class ClientWriter {

    private final HttpServerResponse response;
    private final Context context;
    private Buffer pending;
    private boolean closed;
    private long firstByte;
    private UpstreamReply source;
    /** What reached the client, for the request log; null unless request_log.bodies is on. */
    private StringBuilder captured;
    private int captureLimit;

    ClientWriter(HttpServerResponse response) {
        this.response = response;
        this.context = Vertx.currentContext();
    }

    /** The upstream reply to pause while the client's write queue is full. */
    void source(UpstreamReply reply) {
        this.source = reply;
    }

    /** Keeps up to {@code chars} characters of what the client receives (the request log's bodies). */
    void capture(int chars) {
        captured = new StringBuilder(Math.min(chars, 1024));
        captureLimit = chars;
    }

    /** What was kept by {@link #capture}, or null. */
    String captured() {
        return captured == null ? null : captured.toString();
    }

    private void keep(Buffer bytes) {
        int room = captureLimit - captured.length();
        if (room > 0) {
            captured.append(Captures.text(bytes, room));
        }
    }

    /** Whether bytes of the answer reached the client (its status is then decided). */
    boolean committed() {
        return response.headWritten();
    }

    /** Nanotime of the first byte written, or 0. */
    long firstByte() {
        return firstByte;
    }

    /** The client went away: nothing more is written. */
    void close() {
        closed = true;
        pending = null;
    }

    void frame(String frame) {
        if (closed || response.ended()) {
            return;
        }
        if (context == null) { // not on an event loop (never for chat routes): write at once
            write(Buffer.buffer(frame));
            return;
        }
        pending().appendString(frame); // encoded straight into the turn's buffer
    }

    void frame(Buffer frame) {
        if (closed || response.ended()) {
            return;
        }
        if (context == null) {
            write(frame);
            return;
        }
        pending().appendBuffer(frame);
    }

    /** This event-loop turn's frames; the first one schedules their write at the end of the turn. */
    private Buffer pending() {
        if (pending == null) {
            pending = Buffer.buffer(1024);
            context.runOnContext(v -> flush());
        }
        return pending;
    }

    /** Drops frames not written yet: they belong to an answer the client will never see. */
    void discard() {
        if (pending != null) {
            pending = Buffer.buffer();
        }
    }

    void flush() {
        Buffer out = pending;
        pending = null;
        if (out != null && out.length() > 0) {
            write(out);
        }
    }

    private void write(Buffer frame) {
        if (closed || response.ended()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200);
            response.putHeader("content-type", "text/event-stream; charset=utf-8");
            response.putHeader("cache-control", "no-cache");
            response.putHeader("x-accel-buffering", "no");
            response.setChunked(true);
            firstByte = System.nanoTime();
        }
        if (captured != null) {
            keep(frame);
        }
        response.write(frame);
        if (response.writeQueueFull() && source != null) {
            UpstreamReply paused = source;
            paused.pause();
            response.drainHandler(v -> paused.resume());
        }
    }

    /** Ends a stream after what is pending. */
    void end() {
        flush();
        if (!closed && !response.ended()) {
            response.end();
        }
    }

    /** Sends a whole JSON answer. */
    void json(Buffer body) {
        if (closed || response.ended()) {
            return;
        }
        response.putHeader("content-type", "application/json");
        firstByte = System.nanoTime();
        if (captured != null) {
            keep(body);
        }
        response.end(body);
    }

    /**
     * Answers with an error: a status and body in the client's protocol while nothing was
     * written, else the end of the stream (the caller wrote the stream's error event).
     */
    void error(WireProtocol protocol, GatewayException error) {
        if (closed || response.ended()) {
            return;
        }
        if (!response.headWritten()) {
            pending = null;
            ErrorBodies.write(response, protocol, error);
        } else {
            end();
        }
    }
}
