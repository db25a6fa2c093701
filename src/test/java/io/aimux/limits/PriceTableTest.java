package io.aimux.limits;

import io.aimux.chat.Usage;
import io.aimux.config.TestConfigs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Token and cost computation from the price table, both usage conventions. */
class PriceTableTest {

    static final PriceTable TABLE = PriceTable.of(TestConfigs.fromJson("""
            {"prices": {
              "openai/gpt-4.1": {"input": 2, "output": 8, "cache_read": 0.5},
              "anthropic/claude-sonnet-4-5": {"input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75},
              "cheap/*": {"input": 0.1, "output": 0.2}
            }}""").prices());

    @ParameterizedTest(name = "{0}/{1} in={2} out={3} cr={4} cw={5} -> {7} tokens, {8} micro-$")
    @CsvSource({
            // provider, model, input, output, cacheRead, cacheWrite, inputIncludesCache, tokens, micros
            // OpenAI-type: prompt_tokens include cached ones; 1000 x $2 + 0 + 500 x $8 per million
            "openai, gpt-4.1, 1000, 500, 0, 0, true, 1500, 6000",
            // 1000 prompt tokens of which 800 cached: 200 x 2 + 800 x 0.5 + 100 x 8 = 1600
            "openai, gpt-4.1, 1000, 100, 800, 0, true, 1100, 1600",
            // Anthropic-type: input excludes cache: 100 x 3 + 2000 x 0.3 + 1000 x 3.75 + 50 x 15 = 5400
            "anthropic, claude-sonnet-4-5, 100, 50, 2000, 1000, false, 3150, 5400",
            // wildcard: 10 x 0.1 + 10 x 0.2 = 3 micro-dollars
            "cheap, any-model, 10, 10, 0, 0, true, 20, 3",
            // fractions round up: 1 x 0.1 = 0.1 -> 1
            "cheap, tiny, 1, 0, 0, 0, true, 1, 1",
    })
    void tokensAndCost(String provider, String model, long in, long out, long cacheRead, long cacheWrite,
            boolean includesCache, long tokens, long micros) {
        Usage usage = new Usage(in, out, cacheRead, cacheWrite);
        assertThat(PriceTable.tokens(usage, includesCache)).isEqualTo(tokens);
        PriceTable.Price price = TABLE.find(provider, model);
        assertThat(price).isNotNull();
        assertThat(PriceTable.costMicros(price, usage, includesCache)).isEqualTo(micros);
    }

    @Test
    void cachePricesDefaultToTheInputPriceAndUnknownModelsHaveNone() {
        assertThat(TABLE.find("cheap", "x")).isEqualTo(new PriceTable.Price(0.1, 0.2, 0.1, 0.1));
        assertThat(TABLE.find("openai", "gpt-4.1").cacheWrite()).isEqualTo(2);
        assertThat(TABLE.find("openai", "gpt-5")).isNull();
        assertThat(TABLE.find("nobody", "gpt-4.1")).isNull();
    }

    @Test
    void budgetsInDollarsBecomeMicroDollars() {
        assertThat(PriceTable.micros(0.5)).isEqualTo(500_000);
        assertThat(PriceTable.micros(12.345678)).isEqualTo(12_345_678);
    }
}
