package io.aimux.provider;

import io.aimux.config.AimuxConfig;
import io.aimux.translate.UpstreamFeatures;

import java.util.List;
import java.util.Optional;

/** Resolves {@link UpstreamFeatures} of one provider and model from the configuration. */
public final class ProviderFeatures {

    private ProviderFeatures() {}

    public static UpstreamFeatures of(AimuxConfig.ProviderConfig settings, String model) {
        if (settings == null) {
            return UpstreamFeatures.BASIC;
        }
        AimuxConfig.Features rule = settings.modelRules().orElse(List.of()).stream()
                .filter(r -> matches(r.match(), model))
                .map(AimuxConfig.ModelRule::features)
                .findFirst().orElse(null);
        AimuxConfig.Features base = settings.features();
        return new UpstreamFeatures(
                pick(rule == null ? null : rule.systemMessages(), base.systemMessages(), false),
                pick(rule == null ? null : rule.contextManagement(), base.contextManagement(), false),
                pick(rule == null ? null : rule.toolSearch(), base.toolSearch(), false),
                pick(rule == null ? null : rule.thinking(), base.thinking(), null),
                pick(rule == null ? null : rule.forwardUserId(), base.forwardUserId(), false),
                pick(rule == null ? null : rule.betas(), base.betas(), null));
    }

    /** A rule's {@code match} is a model-name prefix; a trailing {@code *} is allowed. */
    static boolean matches(String match, String model) {
        String prefix = match.endsWith("*") ? match.substring(0, match.length() - 1) : match;
        return model != null && model.startsWith(prefix);
    }

    private static <T> T pick(Optional<T> rule, Optional<T> base, T fallback) {
        if (rule != null && rule.isPresent()) {
            return rule.get();
        }
        return base.orElse(fallback);
    }
}
