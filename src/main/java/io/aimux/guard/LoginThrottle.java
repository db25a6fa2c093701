package io.aimux.guard;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down guessing keys through the dashboard login: at most {@link #MAX_FAILURES} failed
 * logins per client address and minute. At most {@link #MAX_ADDRESSES} addresses are tracked;
 * when the table is full of live entries, further addresses share one counter, so a flood of
 * addresses can neither grow memory nor escape the limit.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final long WINDOW_MILLIS = 60_000;
    static final int MAX_ADDRESSES = 4096;
    static final String OVERFLOW = "*";

    private static final class Window {
        long start;
        int failures;
    }

    private final Map<String, Window> windows = new HashMap<>();
    private final LongSupplier millis;

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    LoginThrottle(LongSupplier millis) {
        this.millis = millis;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    public synchronized long retryAfterSeconds(String address) {
        long now = millis.getAsLong();
        Window window = windows.get(key(address, now));
        if (window == null || now - window.start >= WINDOW_MILLIS || window.failures < MAX_FAILURES) {
            return 0;
        }
        return Math.max(1, (window.start + WINDOW_MILLIS - now + 999) / 1000);
    }

    public synchronized void failed(String address) {
        long now = millis.getAsLong();
        String key = key(address, now);
        Window window = windows.computeIfAbsent(key, k -> new Window());
        if (now - window.start >= WINDOW_MILLIS) {
            window.start = now;
            window.failures = 0;
        }
        window.failures++;
    }

    /** The address itself, or the shared overflow counter when the table is full. */
    private String key(String address, long now) {
        String key = address == null ? OVERFLOW : address;
        if (windows.containsKey(key) || windows.size() < MAX_ADDRESSES) {
            return key;
        }
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (now - it.next().start >= WINDOW_MILLIS) {
                it.remove();
            }
        }
        return windows.size() < MAX_ADDRESSES ? key : OVERFLOW;
    }

    synchronized int tracked() {
        return windows.size();
    }
}
