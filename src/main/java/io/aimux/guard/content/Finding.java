package io.aimux.guard.content;

/**
 * One match in normalised text: {@code [start, end)} is the whole match, {@code [redactStart,
 * redactEnd)} the part a redaction replaces.
 */
public record Finding(GuardPattern pattern, int index, int start, int end, int redactStart, int redactEnd) {}
