package io.aimux.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Orders a route's targets for one request: priorities ascending, so a higher number is reached
 * only after every lower one failed; within one priority a weighted random draw without
 * replacement, so load spreads by weight and each target is still tried at most once.
 */
public final class TargetOrder {

    private TargetOrder() {}

    /**
     * @param randomBelow given a bound {@code n > 0}, a number in {@code [0, n)}; injectable so
     *                    tests can use a seeded source
     */
    public static List<WeightedTarget> order(List<WeightedTarget> candidates, IntUnaryOperator randomBelow) {
        List<WeightedTarget> byPriority = new ArrayList<>(candidates);
        byPriority.sort(Comparator.comparingInt(WeightedTarget::priority)); // stable: equal priorities keep config order
        List<WeightedTarget> ordered = new ArrayList<>(candidates.size());
        int start = 0;
        while (start < byPriority.size()) {
            int end = start;
            while (end < byPriority.size() && byPriority.get(end).priority() == byPriority.get(start).priority()) {
                end++;
            }
            drawWithoutReplacement(new ArrayList<>(byPriority.subList(start, end)), randomBelow, ordered);
            start = end;
        }
        return ordered;
    }

    private static void drawWithoutReplacement(List<WeightedTarget> group, IntUnaryOperator randomBelow,
            List<WeightedTarget> out) {
        while (group.size() > 1) {
            int total = 0;
            for (WeightedTarget candidate : group) {
                total += candidate.weight();
            }
            int ticket = randomBelow.applyAsInt(total);
            int chosen = 0;
            for (int cumulative = group.get(0).weight(); cumulative <= ticket; cumulative += group.get(chosen).weight()) {
                chosen++;
            }
            out.add(group.remove(chosen));
        }
        out.addAll(group);
    }
}
