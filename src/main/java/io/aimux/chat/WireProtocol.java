package io.aimux.chat;

/** The two wire formats AIMUX speaks, on either side. */
public enum WireProtocol {
    OPENAI,
    ANTHROPIC
}
