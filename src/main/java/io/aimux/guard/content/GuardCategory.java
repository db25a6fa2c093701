package io.aimux.guard.content;

import java.util.Locale;

/** Families of patterns; an action set for a category applies to each of its patterns. */
public enum GuardCategory {
    SECRET, PII, INJECTION, TOOL, OUTPUT, CUSTOM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
