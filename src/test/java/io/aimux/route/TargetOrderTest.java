package io.aimux.route;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TargetOrderTest {

    private static final WeightedTarget HEAVY = new WeightedTarget(Target.parse("cerebras/qwen-3-coder-480b"), 3, 0, 0);
    private static final WeightedTarget LIGHT = new WeightedTarget(Target.parse("synthetic/hf:zai-org/GLM-4.6"), 1, 0, 0);
    private static final WeightedTarget OVERFLOW = new WeightedTarget(Target.parse("openai/gpt-5-mini"), 1, 1, 0);

    @Test
    void lowerPriorityNumbersAlwaysComeFirstWhateverTheDraw() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            List<WeightedTarget> order = TargetOrder.order(List.of(OVERFLOW, HEAVY, LIGHT), random::nextInt);
            assertThat(order).hasSize(3).containsExactlyInAnyOrder(HEAVY, LIGHT, OVERFLOW);
            assertThat(order.get(2)).isEqualTo(OVERFLOW);
        }
    }

    @Test
    void firstChoiceFollowsTheWeightsWithASeededSource() {
        Random random = new Random(42);
        Map<WeightedTarget, Integer> first = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            first.merge(TargetOrder.order(List.of(HEAVY, LIGHT), random::nextInt).get(0), 1, Integer::sum);
        }
        assertThat(first.get(HEAVY) / (double) draws).isBetween(0.73, 0.77);
        assertThat(first.get(LIGHT) / (double) draws).isBetween(0.23, 0.27);
    }

    @Test
    void eachTargetIsTriedAtMostOnce() {
        WeightedTarget third = new WeightedTarget(Target.parse("zai/glm-4.6"), 5, 0, 0);
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            assertThat(TargetOrder.order(List.of(HEAVY, LIGHT, third), random::nextInt))
                    .doesNotHaveDuplicates().hasSize(3);
        }
    }

    @Test
    void theTicketPicksTheTargetWhoseWeightRangeHoldsIt() {
        // weights 3 and 1: tickets 0..2 pick the heavy target, ticket 3 the light one
        assertThat(TargetOrder.order(List.of(HEAVY, LIGHT), bound -> 2)).containsExactly(HEAVY, LIGHT);
        assertThat(TargetOrder.order(List.of(HEAVY, LIGHT), bound -> bound - 1)).containsExactly(LIGHT, HEAVY);
    }

    @Test
    void aPlainChainKeepsItsOrder() {
        List<WeightedTarget> chain = List.of(WeightedTarget.inOrder(Target.parse("a/x"), 0, 0),
                WeightedTarget.inOrder(Target.parse("b/y"), 1, 0), WeightedTarget.inOrder(Target.parse("c/z"), 2, 0));
        assertThat(TargetOrder.order(chain, bound -> 0)).isEqualTo(chain);
    }
}
