package io.aimux.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into server-sent events (WHATWG rules: blocks end at a blank line, LF, CR
 * or CRLF line ends, multiple {@code data:} lines joined by LF, comments ignored). Works on bytes so
 * multi-byte UTF-8 characters cut across network chunks decode correctly. The buffer is bounded.
 */
public final class SseEventParser {

    private final Consumer<SseEvent> sink;
    private final int maxEventBytes;
    private byte[] buf = new byte[1024];
    private int len;
    /** Start of the line being read, and where the next scan resumes. */
    private int lineStart;
    private int scanPos;

    public SseEventParser(int maxEventBytes, Consumer<SseEvent> sink) {
        this.maxEventBytes = maxEventBytes;
        this.sink = sink;
    }

    /** Feeds bytes; emits every completed event. Throws StreamFormatException past the bound. */
    public void feed(byte[] bytes) {
        ensure(len + bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        drain();
        if (len > maxEventBytes) {
            throw new StreamFormatException("server-sent event larger than " + maxEventBytes + " bytes");
        }
    }

    /**
     * The stream ended. A last event whose final line is complete (ends with a line break) but
     * lacks the blank line is still emitted; an event cut inside a line is dropped, as the SSE
     * specification says, so a truncated JSON payload never reaches a client.
     */
    public void finish() {
        if (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
            emit(0, len);
        }
        len = 0;
        lineStart = 0;
        scanPos = 0;
    }

    private void drain() {
        int eventStart = 0;
        int i = scanPos;
        while (i < len) {
            byte b = buf[i];
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            int next = i + 1;
            if (b == '\r') {
                if (next == len) {
                    break; // a CR at the end may be the first half of CRLF
                }
                if (buf[next] == '\n') {
                    next++;
                }
            }
            if (i == lineStart) { // empty line: the event is complete
                if (lineStart > eventStart) {
                    emit(eventStart, lineStart);
                }
                eventStart = next;
            }
            lineStart = next;
            i = next;
        }
        if (eventStart > 0) {
            System.arraycopy(buf, eventStart, buf, 0, len - eventStart);
            len -= eventStart;
            lineStart -= eventStart;
            i -= eventStart;
        }
        // resume where scanning stopped: a long line arriving in many chunks is scanned once
        scanPos = i;
    }

    private void emit(int from, int to) {
        while (to > from && (buf[to - 1] == '\n' || buf[to - 1] == '\r')) {
            to--;
        }
        if (to == from) {
            return;
        }
        byte[] raw = Arrays.copyOfRange(buf, from, to);
        // fields are read from the bytes: only the values the decoders use become strings
        String event = null;
        String data = null;
        StringBuilder joined = null;
        int pos = 0;
        int n = raw.length;
        while (pos <= n) {
            int eol = pos;
            while (eol < n && raw[eol] != '\n' && raw[eol] != '\r') {
                eol++;
            }
            if (eol > pos && raw[pos] != ':') {
                int colon = pos;
                while (colon < eol && raw[colon] != ':') {
                    colon++;
                }
                int valueStart = colon < eol ? colon + 1 : eol;
                if (valueStart < eol && raw[valueStart] == ' ') {
                    valueStart++;
                }
                if (isField(raw, pos, colon, DATA)) {
                    String value = new String(raw, valueStart, eol - valueStart, StandardCharsets.UTF_8);
                    if (data == null) {
                        data = value;
                    } else {
                        if (joined == null) {
                            joined = new StringBuilder(data);
                        }
                        joined.append('\n').append(value);
                    }
                } else if (isField(raw, pos, colon, EVENT)) {
                    event = new String(raw, valueStart, eol - valueStart, StandardCharsets.UTF_8);
                }
            }
            if (eol < n && raw[eol] == '\r' && eol + 1 < n && raw[eol + 1] == '\n') {
                eol++;
            }
            pos = eol + 1;
        }
        // comment-only blocks (": keep-alive") come through with empty data: decoders ignore
        // them, and passthrough relays them so idle proxies keep the connection open
        sink.accept(new SseEvent(raw, event, joined != null ? joined.toString() : data == null ? "" : data));
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private static boolean isField(byte[] raw, int from, int to, byte[] name) {
        return Arrays.equals(raw, from, to, name, 0, name.length);
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
        }
    }
}
