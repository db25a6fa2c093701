package io.aimux.prettify;

import io.aimux.config.AimuxConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prettifier settings in force. Starts from configuration; the admin API may change them
 * while running, and new requests see the change.
 */
@ApplicationScoped
public class PrettifierSettings {

    /** One immutable snapshot, swapped atomically. */
    public record Snapshot(boolean enabled, String outputFormat, int maxHoldBackChars,
            Map<String, Boolean> providerEnabled, Map<String, String> providerOutputFormat,
            Map<String, List<String>> providerFormats) {}

    private volatile Snapshot current;

    public PrettifierSettings(AimuxConfig config) {
        Map<String, Boolean> enabled = new ConcurrentHashMap<>();
        Map<String, String> formats = new ConcurrentHashMap<>();
        Map<String, List<String>> dialects = new ConcurrentHashMap<>();
        config.providers().forEach((name, provider) -> {
            provider.prettifierEnabled().ifPresent(v -> enabled.put(name, v));
            provider.outputFormat().ifPresent(v -> formats.put(name, v));
            provider.formatPreference().ifPresent(v -> dialects.put(name, List.copyOf(v)));
        });
        current = new Snapshot(config.prettifierEnabled(), config.outputFormat(),
                ExtractorSettings.defaults().maxHoldBackChars(), Map.copyOf(enabled), Map.copyOf(formats), Map.copyOf(dialects));
    }

    public Snapshot snapshot() {
        return current;
    }

    public void replace(Snapshot snapshot) {
        current = snapshot;
    }

    /** Output format for a provider: its own setting, else the global one. */
    public String outputFormat(String provider) {
        Snapshot s = current;
        return Optional.ofNullable(s.providerOutputFormat().get(provider)).orElse(s.outputFormat());
    }

    /** Whether text is prettified for this provider (format {@code raw} switches it off too). */
    public boolean enabled(String provider) {
        Snapshot s = current;
        boolean on = Optional.ofNullable(s.providerEnabled().get(provider)).orElse(s.enabled());
        return on && !"raw".equals(outputFormat(provider));
    }

    public ExtractorSettings extractorSettings(String provider) {
        Snapshot s = current;
        return new ExtractorSettings(s.providerFormats().getOrDefault(provider, List.of()), s.maxHoldBackChars(), true);
    }
}
