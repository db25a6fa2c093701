package io.aimux.config;

import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting of {@link AimuxConfig} is documented in docs/configuration.md under its config.json
 * key: the full snake_case path in backticks, with map keys written as an upper-case placeholder
 * ({@code providers.NAME.type}, {@code prices."PROVIDER/MODEL".input}) and list elements as {@code [i]}.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
    /** A placeholder segment of a documented key: NAME, ID_OR_CATEGORY, "PROVIDER/MODEL". */
    private static final Pattern PLACEHOLDER = Pattern.compile("\"?[A-Z][A-Z_/]*\"?");

    @Test
    void everySettingIsDocumented() throws IOException {
        Set<String> keys = new TreeSet<>();
        walk(AimuxConfig.class, "", keys);
        assertThat(keys).as("the walk found the settings").contains("limits.max_request_bytes",
                "providers.*.resilience.max_retries", "routes.*.targets[i].weight", "aliases.*");

        Set<String> documented = documentedKeys(Files.readString(DOC));
        List<String> missing = keys.stream().filter(key -> !documented.contains(key)).toList();
        assertThat(missing).as("settings missing from " + DOC + " (document each as `full.key` with NAME for map keys)")
                .isEmpty();
    }

    @Test
    void aMissingKeyIsFound() {
        Set<String> keys = new TreeSet<>();
        walk(AimuxConfig.class, "", keys);
        Set<String> documented = documentedKeys("| `limits.max_request_bytes` | `providers.NAME.type` |");
        assertThat(documented).contains("limits.max_request_bytes", "providers.*.type");
        assertThat(keys).contains("limits.max_in_flight").doesNotContainAnyElementsOf(Set.of("limits.maxInFlight"));
        assertThat(documented).doesNotContain("limits.max_in_flight");
    }

    /** Backticked tokens of the doc, placeholders replaced by {@code *}. */
    static Set<String> documentedKeys(String markdown) {
        Set<String> keys = new TreeSet<>();
        Matcher code = CODE.matcher(markdown);
        while (code.find()) {
            List<String> segments = new ArrayList<>();
            for (String segment : splitOutsideQuotes(code.group(1))) {
                String index = segment.endsWith("[i]") ? "[i]" : "";
                String name = segment.substring(0, segment.length() - index.length());
                segments.add((PLACEHOLDER.matcher(name).matches() ? "*" : name) + index);
            }
            keys.add(String.join(".", segments));
        }
        return keys;
    }

    private static List<String> splitOutsideQuotes(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : key.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** The config.json keys of a mapping interface: leaves only, maps as {@code *}, lists of groups as {@code [i]}. */
    static void walk(Class<?> group, String prefix, Set<String> out) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String name = named != null ? named.value().replace('-', '_') : snake(method.getName());
            type(method.getGenericReturnType(), prefix + name, out);
        }
    }

    private static void type(Type type, String path, Set<String> out) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                type(args[0], path, out);
            } else if (raw == Map.class) {
                value(args[1], path + ".*", out);
            } else if (raw == List.class && isGroup(args[0])) {
                walk((Class<?>) args[0], path + "[i].", out);
            } else {
                out.add(path); // a list of values
            }
        } else if (isGroup(type)) {
            walk((Class<?>) type, path + ".", out);
        } else {
            out.add(path);
        }
    }

    private static void value(Type type, String path, Set<String> out) {
        if (isGroup(type)) {
            walk((Class<?>) type, path + ".", out);
        } else {
            out.add(path);
        }
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith(AimuxConfig.class.getName());
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
