package io.aimux.limits;

/**
 * How a provider's quota answered one attempt: refused (the target is skipped) or admitted, with
 * the token estimate charged to its minute, corrected when the request ends.
 *
 * @param refusal       why the target is skipped, or null
 * @param tokenCounter  the tokens-per-minute counter charged, or null
 */
public record ProviderAdmission(String provider, LimitRefusal refusal, String tokenCounter, long tokensCharged) {

    public boolean admitted() {
        return refusal == null;
    }
}
