package io.aimux.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;


/**
 * The outcome of the last active probe of one provider. Never carries an error body or a key:
 * only the failure kind.
 *
 * @param status    {@code up}, {@code down} or {@code unknown} (never probed, or probing off)
 * @param checkedAt when the last probe finished (ISO-8601 UTC); null while unknown
 * @param latencyMs how long the last probe took; null while unknown
 * @param models    how many upstream model ids are cached; null before the first successful fetch
 * @param error     the failure kind of the last probe ({@link ControlFailure#label()}); null when up
 */
@RegisterForReflection
public record ProviderHealth(
        String status,
        @JsonProperty("checked_at") String checkedAt,
        @JsonProperty("latency_ms") Long latencyMs,
        Integer models,
        String error) {

    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String UNKNOWN = "unknown";

    public static ProviderHealth unknown(Integer models) {
        return new ProviderHealth(UNKNOWN, null, null, models, null);
    }
}
