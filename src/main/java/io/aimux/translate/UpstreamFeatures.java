package io.aimux.translate;

import java.util.List;

/**
 * What one upstream model understands of the current request features (docs/compatibility.md),
 * resolved from the provider's {@code features} and its first matching {@code model_rules} entry.
 * The defaults describe a third-party host that implements the core API only.
 *
 * @param systemMessages    accepts {@code system} messages inside {@code messages}
 * @param contextManagement applies {@code context_management} edits itself
 * @param toolSearch        implements {@code defer_loading} tools and {@code tool_reference} blocks
 * @param thinking          {@code adaptive}, {@code budget}, {@code none}, or null to relay the client's choice
 * @param forwardUserId     may receive the client's {@code metadata.user_id}
 * @param betas             {@code anthropic-beta} values allowed, or null for all
 */
public record UpstreamFeatures(boolean systemMessages, boolean contextManagement, boolean toolSearch,
        String thinking, boolean forwardUserId, List<String> betas) {

    /** A host that implements the core API only. */
    public static final UpstreamFeatures BASIC = new UpstreamFeatures(false, false, false, null, false, null);
}
