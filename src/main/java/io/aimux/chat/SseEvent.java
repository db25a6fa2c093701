package io.aimux.chat;

/** One server-sent event: its raw block as received (without the blank line), name and data. */
public record SseEvent(byte[] raw, String event, String data) {}
