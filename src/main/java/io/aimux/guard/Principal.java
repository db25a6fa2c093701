package io.aimux.guard;

import io.aimux.limits.KeyLimits;

import java.util.List;
import java.util.Map;

/**
 * Who is calling, as {@link AccessGuard} established it; stored in the routing context under
 * {@link #CONTEXT_KEY} for every API request.
 *
 * @param keyId the key's name (never its secret); {@code anonymous} without keys
 * @param admin whether the admin API and dashboard are open to it
 * @param models models it may call (aliases, {@code provider/model}, {@code provider/*}); empty means any
 * @param limits its rate limits and budgets
 * @param guard its guard actions by pattern id or category, over the defaults
 */
public record Principal(String keyId, boolean admin, List<String> models, KeyLimits limits, Map<String, String> guard) {

    public static final String CONTEXT_KEY = "aimux.principal";

    public static final Principal ANONYMOUS = new Principal("anonymous", true, List.of(), KeyLimits.UNLIMITED, Map.of());
}
