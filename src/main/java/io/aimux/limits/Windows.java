package io.aimux.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Fixed windows: the minute (epoch minute), the UTC day and the UTC calendar month. A limit
 * counts what was admitted since its window began and frees all at once when the next one
 * begins. Counters live until their window ends plus {@link #MARGIN_MILLIS}, which covers clocks
 * of replicas that differ by up to a minute.
 */
public final class Windows {

    public static final long MINUTE_MILLIS = 60_000;
    static final long MARGIN_MILLIS = 60_000;

    private Windows() {}

    /** One window: its name (part of a counter key) and when it ends, in epoch milliseconds. */
    public record Window(String name, long endMillis) {
        /** How long a counter of this window lives after a change made at {@code now}. */
        public long ttlMillis(long now) {
            return Math.max(1, endMillis - now) + MARGIN_MILLIS;
        }

        /** Whole seconds until the window ends, at least 1 (a Retry-After). */
        public int secondsLeft(long now) {
            return (int) Math.max(1, (endMillis - now + 999) / 1000);
        }
    }

    public static Window minute(long now) {
        long minute = Math.floorDiv(now, MINUTE_MILLIS);
        return new Window("m" + minute, (minute + 1) * MINUTE_MILLIS);
    }

    public static Window day(long now) {
        LocalDate day = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        return new Window("d" + day, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    public static Window month(long now) {
        LocalDate first = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        return new Window("M" + first.getYear() + "-" + (first.getMonthValue() < 10 ? "0" : "") + first.getMonthValue(),
                first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }
}
