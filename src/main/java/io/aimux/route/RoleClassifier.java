package io.aimux.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;
import io.aimux.translate.Reasoning;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from the request alone which {@link RequestRole}s it has. Pure: no configuration
 * beyond the two thresholds, no state.
 */
public final class RoleClassifier {

    /** Efforts that count as a thinking request (Anthropic high/xhigh/max, OpenAI high/xhigh). */
    private static final Set<String> HIGH_EFFORTS = Set.of("high", "xhigh", "max");

    /**
     * @param longContextThreshold estimated input tokens above which a request is long-context
     * @param backgroundMaxTokens  a tool-less request asking for at most this many output tokens is background
     */
    public record Thresholds(long longContextThreshold, int backgroundMaxTokens) {}

    private RoleClassifier() {}

    /** Every role the request has, in precedence order. */
    public static Set<RequestRole> classify(RoutingRequest request, Thresholds thresholds) {
        Set<RequestRole> roles = EnumSet.noneOf(RequestRole.class);
        for (RequestRole role : RequestRole.values()) {
            if (matches(role, request, thresholds)) {
                roles.add(role);
            }
        }
        return roles;
    }

    public static boolean matches(RequestRole role, RoutingRequest request, Thresholds thresholds) {
        JsonNode body = request.body();
        boolean anthropic = request.protocol() == WireProtocol.ANTHROPIC;
        return switch (role) {
            case WEB_SEARCH -> declaresWebSearch(body);
            case VISION -> hasImage(body.path("messages"));
            case LONG_CONTEXT -> request.tokenEstimate() > thresholds.longContextThreshold();
            case THINKING -> HIGH_EFFORTS.contains(anthropic ? anthropicThinkingEffort(body)
                    : body.path("reasoning_effort").asText(""));
            case BACKGROUND -> isBackground(request.model(), body, anthropic, thresholds.backgroundMaxTokens());
        };
    }

    /** The effort of enabled or adaptive thinking (derived from the budget when not named); "" without thinking. */
    static String anthropicThinkingEffort(JsonNode body) {
        String type = body.path("thinking").path("type").asText("");
        if (!type.equals("enabled") && !type.equals("adaptive")) {
            return "";
        }
        String effort = Reasoning.anthropicEffort(body);
        return effort == null ? "" : effort;
    }

    /**
     * Claude Code sends its side requests (titles, summaries, the quota probe) to a haiku model,
     * or with a small output limit and no tools; a main turn always declares tools.
     */
    static boolean isBackground(String model, JsonNode body, boolean anthropic, int maxTokens) {
        if (model != null && model.toLowerCase(Locale.ROOT).contains("haiku")) {
            return true;
        }
        JsonNode limit = anthropic ? body.get("max_tokens")
                : body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        boolean small = limit != null && limit.isNumber() && limit.asLong() <= maxTokens;
        return small && body.path("tools").isEmpty();
    }

    /** An Anthropic server tool {@code web_search_*}, an OpenAI tool of that type, or OpenAI's {@code web_search_options}. */
    static boolean declaresWebSearch(JsonNode body) {
        if (body.has("web_search_options")) {
            return true;
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool.path("type").asText("").startsWith("web_search")) {
                return true;
            }
        }
        return false;
    }

    /** An Anthropic {@code image} block or OpenAI {@code image_url} part anywhere in the messages, tool results included. */
    static boolean hasImage(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasImage(item)) {
                    return true;
                }
            }
            return false;
        }
        if (!node.isObject()) {
            return false;
        }
        String type = node.path("type").asText("");
        if (type.equals("image") || type.equals("image_url") || type.equals("input_image")) {
            return true;
        }
        JsonNode content = node.get("content");
        return content != null && content.isArray() && hasImage(content);
    }
}
