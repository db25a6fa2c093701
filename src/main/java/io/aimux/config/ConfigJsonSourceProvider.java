package io.aimux.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code config.json} (path from {@code AIMUX_CONFIG_FILE}, default {@code ./config.json})
 * and exposes every value as an {@code aimux.*} property. Ordinal 260: above
 * application.properties (250), below environment variables (300), so the environment wins.
 */
public class ConfigJsonSourceProvider implements ConfigSourceProvider {

    public static final String FILE_VARIABLE = "AIMUX_CONFIG_FILE";
    static final int ORDINAL = 260;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    /** Object paths whose keys are user-chosen names, kept verbatim instead of kebab-cased. */
    private static final Set<String> NAME_MAPS = Set.of("aimux.providers", "aimux.auth.keys", "aimux.aliases",
            "aimux.routes", "aimux.prices");
    private static final Set<String> NAME_MAP_SUFFIXES = Set.of(".headers");

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        String named = System.getenv(FILE_VARIABLE);
        if (named == null) {
            named = System.getProperty("aimux.config-file");
        }
        Path path = Path.of(named == null || named.isBlank() ? "config.json" : named);
        if (!Files.exists(path)) {
            if (named != null && !named.isBlank()) {
                throw new IllegalStateException(FILE_VARIABLE + " names " + path + ", which does not exist");
            }
            return List.of();
        }
        return List.of(new MapBackedConfigSource("config.json (" + path + ")", load(path), ORDINAL) {});
    }

    static Map<String, String> load(Path path) {
        byte[] text;
        try {
            text = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(path + " could not be read");
        }
        return parse(path.toString(), text);
    }

    /** The properties of a config.json text; errors name {@code where} and a position, never the text. */
    static Map<String, String> parse(String where, byte[] text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // only where: the parser's own message quotes the offending token, which may be a key
            var at = e.getLocation();
            throw new IllegalStateException(where + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalStateException(where + " could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(where + " must hold a JSON object");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        flatten("aimux", root, properties);
        return properties;
    }

    /** Turns a JSON tree into properties: snake_case keys become kebab-case, arrays become [i]. */
    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            boolean childKeysAreNames = NAME_MAPS.contains(prefix)
                    || NAME_MAP_SUFFIXES.stream().anyMatch(prefix::endsWith);
            node.fields().forEachRemaining(e -> {
                String key = e.getKey();
                String segment = childKeysAreNames ? quoteIfNeeded(key) : key.replace('_', '-');
                flatten(prefix + "." + segment, e.getValue(), out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
            if (node.isEmpty()) {
                out.put(prefix, "");
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    private static String quoteIfNeeded(String name) {
        return name.indexOf('.') >= 0 || name.indexOf('*') >= 0 ? "\"" + name + "\"" : name;
    }

}
