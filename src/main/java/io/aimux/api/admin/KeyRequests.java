package io.aimux.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.api.RequestBodies;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.guard.KeyRegistry;
import io.aimux.guard.ModelAccess;
import io.aimux.limits.KeyLimits;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the bodies of the keys admin API strictly: every problem is a 400 naming its field. */
final class KeyRequests {

    /** A refused field; {@code field} is the field's path, safe to show. */
    static final class Invalid extends GatewayException {
        private final String field;

        Invalid(String field, String reason) {
            super(ErrorKind.INVALID_REQUEST, field + ": " + reason);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    static final int MAX_MODELS = 256;
    static final int MAX_GUARD_RULES = 256;
    static final Set<String> GUARD_ACTIONS = Set.of("block", "redact", "flag", "off");
    private static final Pattern GUARD_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> CREATE_FIELDS = Set.of("id", "role", "models", "limits", "guard");
    private static final Set<String> LIMIT_FIELDS = Set.of("requests_per_minute", "tokens_per_minute", "max_concurrent",
            "daily_tokens", "monthly_tokens", "daily_cost_usd", "monthly_cost_usd");

    private KeyRequests() {
    }

    static String id(String id) {
        if (id == null || !KeyRegistry.ID.matcher(id).matches()) {
            throw new Invalid("id", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    static KeyRegistry.NewKey create(byte[] body, AimuxConfig config) {
        ObjectNode root = object(body);
        onlyKnown(root, CREATE_FIELDS, "");
        JsonNode id = root.get("id");
        if (id == null || !id.isTextual()) {
            throw new Invalid("id", "is required and must be a string");
        }
        JsonNode role = root.path("role");
        boolean admin = false;
        if (!role.isMissingNode()) {
            if (!role.isTextual() || !(role.asText().equals("client") || role.asText().equals("admin"))) {
                throw new Invalid("role", "must be client or admin");
            }
            admin = role.asText().equals("admin");
        }
        return new KeyRegistry.NewKey(id(id.asText()), admin, models(root.get("models"), config), limits(root.get("limits")),
                guard(root.get("guard")));
    }

    /** {@code grace_seconds} of a rotation; an empty body means none. */
    static long graceSeconds(byte[] body) {
        if (body == null || body.length == 0) {
            return 0;
        }
        ObjectNode root = object(body);
        onlyKnown(root, Set.of("grace_seconds"), "");
        JsonNode grace = root.get("grace_seconds");
        if (grace == null) {
            return 0;
        }
        if (!grace.isIntegralNumber() || !grace.canConvertToLong() || grace.asLong() < 0
                || grace.asLong() > KeyRegistry.MAX_GRACE_SECONDS) {
            throw new Invalid("grace_seconds", "must be a whole number of seconds from 0 to " + KeyRegistry.MAX_GRACE_SECONDS);
        }
        return grace.asLong();
    }

    private static ObjectNode object(byte[] body) {
        try {
            return RequestBodies.parseObject(body);
        } catch (GatewayException e) {
            throw new Invalid("(body)", e.getMessage());
        }
    }

    private static List<String> models(JsonNode node, AimuxConfig config) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_MODELS) {
            throw new Invalid("models", "must be an array of at most " + MAX_MODELS + " model names");
        }
        List<String> models = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String problem = entry.isTextual() ? ModelAccess.problem(entry.asText(), config) : "must be a string";
            if (problem != null) {
                throw new Invalid("models[" + i + "]", problem);
            }
            if (!models.contains(entry.asText())) {
                models.add(entry.asText());
            }
        }
        return List.copyOf(models);
    }

    private static KeyLimits limits(JsonNode node) {
        if (node == null) {
            return KeyLimits.UNLIMITED;
        }
        if (!node.isObject()) {
            throw new Invalid("limits", "must be an object");
        }
        onlyKnown((ObjectNode) node, LIMIT_FIELDS, "limits.");
        long maxConcurrent = count(node, "max_concurrent");
        if (maxConcurrent > Integer.MAX_VALUE) {
            throw new Invalid("limits.max_concurrent", "is too large");
        }
        return new KeyLimits(count(node, "requests_per_minute"), count(node, "tokens_per_minute"), (int) maxConcurrent,
                count(node, "daily_tokens"), count(node, "monthly_tokens"), cost(node, "daily_cost_usd"),
                cost(node, "monthly_cost_usd"));
    }

    private static long count(JsonNode limits, String field) {
        JsonNode value = limits.get(field);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new Invalid("limits." + field, "must be a whole number, 0 (unlimited) or more");
        }
        return value.asLong();
    }

    private static double cost(JsonNode limits, String field) {
        JsonNode value = limits.get(field);
        if (value == null) {
            return 0;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
            throw new Invalid("limits." + field, "must be a number of US dollars, 0 (unlimited) or more");
        }
        return value.asDouble();
    }

    private static Map<String, String> guard(JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject() || node.size() > MAX_GUARD_RULES) {
            throw new Invalid("guard", "must be an object of at most " + MAX_GUARD_RULES + " pattern ids or categories");
        }
        Map<String, String> guard = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> rule = it.next();
            if (!GUARD_NAME.matcher(rule.getKey()).matches()) {
                throw new Invalid("guard", "the name " + ModelAccess.quote(rule.getKey()) + " is not a pattern id or category");
            }
            String action = rule.getValue().isTextual() ? rule.getValue().asText() : "";
            if (!GUARD_ACTIONS.contains(action)) {
                throw new Invalid("guard." + rule.getKey(), "must be block, redact, flag or off");
            }
            guard.put(rule.getKey(), action);
        }
        return Map.copyOf(guard);
    }

    private static void onlyKnown(ObjectNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Invalid(prefix.isEmpty() ? "(body)" : prefix.substring(0, prefix.length() - 1),
                        "unknown field " + ModelAccess.quote(name) + "; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
