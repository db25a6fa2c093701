package io.aimux.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one table between Anthropic's thinking controls ({@code thinking.budget_tokens},
 * adaptive thinking with {@code output_config.effort}) and OpenAI's {@code reasoning_effort}.
 */
public final class Reasoning {

    /** Anthropic's default effort when adaptive thinking names none. */
    static final String DEFAULT_EFFORT = "high";
    static final int MIN_BUDGET = 1024;

    private Reasoning() {}

    /** Effort for a thinking budget: up to 2k low, up to 8k medium, up to 24k high, more max. */
    static String effortFromBudget(long budget) {
        return budget <= 2048 ? "low" : budget <= 8192 ? "medium" : budget <= 24_576 ? "high" : "max";
    }

    /** Thinking budget for an effort, kept under the output ceiling as Anthropic requires. */
    static int budgetFromEffort(String effort, long maxTokens) {
        int budget = switch (effort == null ? DEFAULT_EFFORT : effort) {
            case "none", "minimal", "low" -> 2048;
            case "medium" -> 8192;
            case "max", "xhigh" -> 32_000;
            default -> 16_384;
        };
        long ceiling = maxTokens > 0 ? maxTokens - 1 : budget;
        return (int) Math.max(MIN_BUDGET, Math.min(budget, ceiling));
    }

    /**
     * The effort an Anthropic request asks for: {@code output_config.effort}, else one derived from
     * an enabled budget, else the default for adaptive thinking; null when thinking is off or absent.
     */
    public static String anthropicEffort(JsonNode body) {
        String explicit = Json.text(Json.field(body, "output_config"), "effort");
        JsonNode thinking = Json.field(body, "thinking");
        String type = Json.text(thinking, "type");
        if ("disabled".equals(type)) {
            return null;
        }
        if (explicit != null) {
            return explicit;
        }
        if ("enabled".equals(type)) {
            return effortFromBudget(thinking.path("budget_tokens").asLong());
        }
        return "adaptive".equals(type) ? DEFAULT_EFFORT : null;
    }

    /**
     * OpenAI {@code reasoning_effort} for an Anthropic effort. Only low, medium and high are
     * accepted by every OpenAI reasoning model, so xhigh and max become high.
     */
    static String openAiEffort(String anthropicEffort) {
        return "max".equals(anthropicEffort) || "xhigh".equals(anthropicEffort) ? "high" : anthropicEffort;
    }

    /** Anthropic effort for an OpenAI {@code reasoning_effort}; null when reasoning is off. */
    static String fromOpenAiEffort(String openAiEffort) {
        return switch (openAiEffort) {
            case "none" -> null;
            case "minimal" -> "low";
            default -> openAiEffort;
        };
    }
}
