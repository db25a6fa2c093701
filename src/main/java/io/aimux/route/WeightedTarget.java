package io.aimux.route;

/**
 * A route candidate: where to send, its share among targets of the same priority, its priority
 * (lower first), and the input tokens its model takes ({@code 0} when unknown).
 */
public record WeightedTarget(Target target, int weight, int priority, long contextWindow) {

    /** A plain fallback-chain entry: weight 1, the given position as priority. */
    static WeightedTarget inOrder(Target target, int position, long contextWindow) {
        return new WeightedTarget(target, 1, position, contextWindow);
    }

    boolean fits(long tokenEstimate) {
        return contextWindow <= 0 || tokenEstimate <= contextWindow;
    }
}
