package io.aimux.limits;

import io.aimux.chat.WireProtocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit headers of a key's admission in the client's protocol, on answers and refusals
 * alike. OpenAI clients get {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} with
 * resets as durations ({@code 6s}, {@code 1m0s}); Anthropic clients get
 * {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}} with resets as RFC 3339
 * instants. Only the limits a key has are reported.
 *
 * @see <a href="https://platform.openai.com/docs/guides/rate-limits">OpenAI rate limits</a>
 * @see <a href="https://docs.anthropic.com/en/api/rate-limits">Anthropic rate limits</a>
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {}

    public static List<Map.Entry<String, String>> of(KeyAdmission admission, WireProtocol protocol) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(6);
        add(headers, protocol, "requests", admission.requests(), admission.at());
        add(headers, protocol, "tokens", admission.tokens(), admission.at());
        return headers;
    }

    private static void add(List<Map.Entry<String, String>> headers, WireProtocol protocol, String what,
            KeyAdmission.Rate rate, long now) {
        if (rate.limit() <= 0) {
            return;
        }
        if (protocol == WireProtocol.ANTHROPIC) {
            headers.add(Map.entry("anthropic-ratelimit-" + what + "-limit", Long.toString(rate.limit())));
            headers.add(Map.entry("anthropic-ratelimit-" + what + "-remaining", Long.toString(rate.remaining())));
            headers.add(Map.entry("anthropic-ratelimit-" + what + "-reset",
                    Instant.ofEpochSecond((rate.resetAtMillis() + 999) / 1000).toString()));
        } else {
            headers.add(Map.entry("x-ratelimit-limit-" + what, Long.toString(rate.limit())));
            headers.add(Map.entry("x-ratelimit-remaining-" + what, Long.toString(rate.remaining())));
            headers.add(Map.entry("x-ratelimit-reset-" + what, duration(rate.resetAtMillis() - now)));
        }
    }

    /** OpenAI's reset format: {@code 250ms}, {@code 6s}, {@code 1m0s}, {@code 1h2m3s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = (millis + 999) / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + seconds % 60 + "s";
        }
        return minutes / 60 + "h" + minutes % 60 + "m" + seconds % 60 + "s";
    }
}
