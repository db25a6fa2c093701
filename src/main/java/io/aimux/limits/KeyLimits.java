package io.aimux.limits;

import io.aimux.config.AimuxConfig;

/**
 * Rate limits and budgets of one client key; 0 means unlimited. Tokens count input plus output;
 * costs are US dollars priced from the configured price table; days and months are UTC.
 */
public record KeyLimits(long requestsPerMinute, long tokensPerMinute, int maxConcurrent, long dailyTokens,
        long monthlyTokens, double dailyCostUsd, double monthlyCostUsd) {

    public static final KeyLimits UNLIMITED = new KeyLimits(0, 0, 0, 0, 0, 0, 0);

    public static KeyLimits of(AimuxConfig.KeyLimitsConfig config) {
        return new KeyLimits(config.requestsPerMinute(), config.tokensPerMinute(), config.maxConcurrent(),
                config.dailyTokens(), config.monthlyTokens(), config.dailyCostUsd(), config.monthlyCostUsd());
    }

    public boolean unlimited() {
        return equals(UNLIMITED);
    }
}
