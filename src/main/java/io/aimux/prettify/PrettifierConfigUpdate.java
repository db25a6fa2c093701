package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.config.ConfigValidator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a prettifier settings change (the body of {@code POST /api/prettifier/config}, which is
 * also the shape of the saved state file) to a snapshot. Every field is checked; unknown fields
 * are refused so nothing unexpected can be slipped in.
 *
 * <pre>
 * {"enabled": true, "output_format": "json|raw|toon",
 *  "format_preferences": {"PROVIDER": ["hermes", ...]},
 *  "providers": {"PROVIDER": {"enabled": true, "output_format": "json"}},
 *  "streaming": {"max_hold_back_chars": 65536}}
 * </pre>
 */
public final class PrettifierConfigUpdate {

    public static final int MIN_HOLD_BACK = 256;
    public static final int MAX_HOLD_BACK = 1 << 20;
    private static final Set<String> TOP = Set.of("enabled", "output_format", "format_preferences", "providers", "streaming");
    private static final Set<String> PROVIDER = Set.of("enabled", "output_format");
    private static final Set<String> STREAMING = Set.of("max_hold_back_chars");

    /** A field that cannot be accepted, and why. */
    public static final class InvalidField extends RuntimeException {
        private final String field;

        InvalidField(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private PrettifierConfigUpdate() {
    }

    public static PrettifierSettings.Snapshot apply(JsonNode body, PrettifierSettings.Snapshot base, Set<String> providers) {
        if (body == null || !body.isObject()) {
            throw new InvalidField("(body)", "must be a JSON object");
        }
        if (body.isEmpty()) {
            throw new InvalidField("(body)", "names no setting to change");
        }
        onlyKnown(body, TOP, "");
        boolean enabled = base.enabled();
        String format = base.outputFormat();
        int holdBack = base.maxHoldBackChars();
        Map<String, Boolean> providerEnabled = new HashMap<>(base.providerEnabled());
        Map<String, String> providerFormat = new HashMap<>(base.providerOutputFormat());
        Map<String, List<String>> preferences = new HashMap<>(base.providerFormats());

        if (body.has("enabled")) {
            enabled = bool(body.get("enabled"), "enabled");
        }
        if (body.has("output_format")) {
            format = outputFormat(body.get("output_format"), "output_format");
        }
        if (body.has("streaming")) {
            JsonNode streaming = object(body.get("streaming"), "streaming");
            onlyKnown(streaming, STREAMING, "streaming.");
            if (streaming.has("max_hold_back_chars")) {
                JsonNode value = streaming.get("max_hold_back_chars");
                if (!value.canConvertToInt() || !value.isIntegralNumber()
                        || value.asInt() < MIN_HOLD_BACK || value.asInt() > MAX_HOLD_BACK) {
                    throw new InvalidField("streaming.max_hold_back_chars",
                            "must be an integer from " + MIN_HOLD_BACK + " to " + MAX_HOLD_BACK);
                }
                holdBack = value.asInt();
            }
        }
        if (body.has("providers")) {
            JsonNode map = object(body.get("providers"), "providers");
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                String at = "providers." + shorten(entry.getKey());
                knownProvider(entry.getKey(), providers, at);
                JsonNode settings = object(entry.getValue(), at);
                onlyKnown(settings, PROVIDER, at + ".");
                if (settings.has("enabled")) {
                    providerEnabled.put(entry.getKey(), bool(settings.get("enabled"), at + ".enabled"));
                }
                if (settings.has("output_format")) {
                    providerFormat.put(entry.getKey(), outputFormat(settings.get("output_format"), at + ".output_format"));
                }
            }
        }
        if (body.has("format_preferences")) {
            JsonNode map = object(body.get("format_preferences"), "format_preferences");
            Set<String> known = Set.copyOf(Dialects.ids());
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                String at = "format_preferences." + shorten(entry.getKey());
                knownProvider(entry.getKey(), providers, at);
                if (!entry.getValue().isArray() || entry.getValue().size() > known.size()) {
                    throw new InvalidField(at, "must be a list of format names: " + String.join(", ", Dialects.ids()));
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode id : entry.getValue()) {
                    if (!id.isTextual() || !known.contains(id.asText())) {
                        throw new InvalidField(at, "unknown format; known: " + String.join(", ", Dialects.ids()));
                    }
                    if (!ids.contains(id.asText())) {
                        ids.add(id.asText());
                    }
                }
                preferences.put(entry.getKey(), List.copyOf(ids));
            }
        }
        return new PrettifierSettings.Snapshot(enabled, format, holdBack, Map.copyOf(providerEnabled),
                Map.copyOf(providerFormat), Map.copyOf(preferences));
    }

    /** The full settings in the update shape: what the state file holds and the config endpoint returns. */
    public static ObjectNode toJson(PrettifierSettings.Snapshot s) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("enabled", s.enabled());
        root.put("output_format", s.outputFormat());
        ObjectNode preferences = root.putObject("format_preferences");
        s.providerFormats().forEach((provider, ids) -> ids.forEach(preferences.withArray(provider)::add));
        ObjectNode providers = root.putObject("providers");
        s.providerEnabled().forEach((name, on) -> providers.with(name).put("enabled", on));
        s.providerOutputFormat().forEach((name, format) -> providers.with(name).put("output_format", format));
        root.putObject("streaming").put("max_hold_back_chars", s.maxHoldBackChars());
        return root;
    }

    private static void onlyKnown(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new InvalidField(prefix + shorten(name), "unknown field");
            }
        }
    }

    private static void knownProvider(String name, Set<String> providers, String at) {
        if (!providers.contains(name)) {
            throw new InvalidField(at, "no such provider is configured");
        }
    }

    private static JsonNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new InvalidField(at, "must be an object");
        }
        return node;
    }

    private static boolean bool(JsonNode node, String at) {
        if (!node.isBoolean()) {
            throw new InvalidField(at, "must be true or false");
        }
        return node.asBoolean();
    }

    private static String outputFormat(JsonNode node, String at) {
        if (!node.isTextual() || !ConfigValidator.OUTPUT_FORMATS.contains(node.asText())) {
            throw new InvalidField(at, "must be one of json, raw, toon");
        }
        return node.asText();
    }

    /** Field names come from the client: keep error messages short and free of markup. */
    private static String shorten(String name) {
        StringBuilder cleaned = new StringBuilder(Math.min(name.length(), 65));
        for (int i = 0; i < name.length() && i < 65; i++) {
            char c = name.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            cleaned.append(safe ? c : '?');
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned.toString();
    }
}
