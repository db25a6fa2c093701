package io.aimux.guard;

import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Which models a key may call. Its {@code models} entries are alias or route names,
 * {@code provider/model}, or {@code provider/*}; an empty list allows every model. The check is on
 * the name the client asked for, before routing resolves it: a key allowed an alias may use that
 * alias (whatever it points to), not the targets behind it.
 */
public final class ModelAccess {

    static final int QUOTE_LIMIT = 100;

    private ModelAccess() {
    }

    public static boolean allows(List<String> entries, String model) {
        if (entries.isEmpty()) {
            return true;
        }
        if (model == null) {
            return false;
        }
        for (String entry : entries) {
            if (entry.endsWith("/*") ? model.length() > entry.length() - 1
                    && model.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(model)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller of this request may use {@code model}; a request without a principal never may. */
    public static boolean allows(RoutingContext ctx, String model) {
        Principal principal = ctx.get(Principal.CONTEXT_KEY);
        return principal != null && allows(principal.models(), model);
    }

    /** Refuses, with a 403 naming the model, a model the caller's key may not use. */
    public static void check(RoutingContext ctx, String model) {
        if (!allows(ctx, model)) {
            throw new GatewayException(ErrorKind.PERMISSION, "this key may not use the model " + quote(model));
        }
    }

    /**
     * What is wrong with one {@code models} entry, or null: it must name a configured alias or
     * route, or a configured provider as {@code provider/model} or {@code provider/*}.
     */
    public static String problem(String entry, AimuxConfig config) {
        if (entry == null || entry.isBlank()) {
            return "must not be empty";
        }
        if (entry.length() > 256 || entry.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must be at most 256 printable characters";
        }
        int slash = entry.indexOf('/');
        if (slash < 0) {
            return config.aliases().containsKey(entry) || config.routes().containsKey(entry) ? null
                    : "names neither a configured alias nor a route (use PROVIDER/MODEL or PROVIDER/*)";
        }
        if (slash == 0 || slash == entry.length() - 1) {
            return "must be an alias, a route, PROVIDER/MODEL or PROVIDER/*";
        }
        if (!config.providers().containsKey(entry.substring(0, slash))) {
            return "names a provider that is not configured";
        }
        return null;
    }

    /** A client-given name for a message: single-quoted, cut, control characters and markup escaped. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), QUOTE_LIMIT) + 8).append('\'');
        for (int i = 0; i < value.length(); i++) {
            if (i == QUOTE_LIMIT) {
                if (Character.isHighSurrogate(value.charAt(i - 1))) {
                    out.setLength(out.length() - 1); // never half a character
                }
                out.append("...");
                break;
            }
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\'' || c == '"') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
