package io.aimux.limits;

import io.aimux.chat.Usage;
import io.aimux.config.AimuxConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * The configured prices ({@code prices."provider/model"} or {@code prices."provider/*"}, US dollars
 * per million tokens) and how a request's usage becomes tokens and cost.
 *
 * <p>Upstreams report cached input differently: OpenAI-type {@code prompt_tokens} include the
 * cached tokens ({@code cached_tokens} is a part of them), Anthropic-type {@code input_tokens}
 * exclude cache reads and writes. So, per million tokens,
 * <pre>
 *   OpenAI-type:    cost = (input - cache_read) x P_in + cache_read x P_cache_read + output x P_out
 *   Anthropic-type: cost = input x P_in + cache_read x P_cache_read + cache_write x P_cache_write + output x P_out
 * </pre>
 * and the tokens a budget counts are everything the model read plus what it wrote.
 */
public final class PriceTable {

    /** Prices of one model, US dollars per million tokens. */
    public record Price(double input, double output, double cacheRead, double cacheWrite) {}

    private final Map<String, Price> prices;

    /** {@code prices} by {@code provider/model} or {@code provider/*}. */
    public PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The table of the {@code prices} settings; cache prices default to the input price. */
    public static PriceTable of(Map<String, AimuxConfig.Price> configured) {
        Map<String, Price> prices = new HashMap<>();
        configured.forEach((name, p) -> prices.put(name, new Price(p.input(), p.output(),
                p.cacheRead().orElse(p.input()), p.cacheWrite().orElse(p.input()))));
        return new PriceTable(prices);
    }

    /** The price of an upstream model: its own entry, else its provider's wildcard, else null. */
    public Price find(String provider, String model) {
        Price price = prices.get(provider + "/" + model);
        return price != null ? price : prices.get(provider + "/*");
    }

    /** Tokens a request used: all input (cached or not) plus output. */
    public static long tokens(Usage usage, boolean inputIncludesCache) {
        long input = inputIncludesCache ? usage.inputTokens()
                : usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
        return input + usage.outputTokens();
    }

    /** Cost in micro-dollars (millionths of a US dollar), rounded up. */
    public static long costMicros(Price price, Usage usage, boolean inputIncludesCache) {
        double micros;
        if (inputIncludesCache) {
            long uncached = Math.max(0, usage.inputTokens() - usage.cacheReadTokens());
            micros = uncached * price.input() + usage.cacheReadTokens() * price.cacheRead()
                    + usage.outputTokens() * price.output();
        } else {
            micros = usage.inputTokens() * price.input() + usage.cacheReadTokens() * price.cacheRead()
                    + usage.cacheWriteTokens() * price.cacheWrite() + usage.outputTokens() * price.output();
        }
        // tokens x (dollars per million tokens) = micro-dollars; the epsilon keeps 1.0000000002 at 1
        return (long) Math.ceil(micros - 1e-6);
    }

    /** Micro-dollars of a budget given in dollars. */
    public static long micros(double dollars) {
        return Math.round(dollars * 1_000_000);
    }
}
