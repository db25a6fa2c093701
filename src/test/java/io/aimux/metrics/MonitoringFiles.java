package io.aimux.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The monitoring files of the repository: docs/monitoring.md, the dashboards, the alert rules. */
final class MonitoringFiles {

    static final Path DOC = Path.of("docs/monitoring.md");
    static final Path GRAFANA = Path.of("monitoring/grafana");
    static final Path RULES = Path.of("monitoring/prometheus/aimux-rules.yml");
    static final Path RULE_TESTS = Path.of("monitoring/prometheus/aimux-rules.test.yml");
    static final Path OPERATOR_RULES = Path.of("k8s/base/prometheusrule.yaml");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern TABLE_NAME = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)` \\|", Pattern.MULTILINE);

    private MonitoringFiles() {}

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path path) {
        try {
            return YAML.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of one {@code ## } section of docs/monitoring.md. */
    static String section(String title) {
        String doc = read(DOC);
        int start = doc.indexOf("\n## " + title + "\n");
        if (start < 0) {
            throw new AssertionError("docs/monitoring.md has no section '" + title + "'");
        }
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** Metric names in the first column of the tables of the "Metrics" section. */
    static Set<String> documentedMetrics() {
        Set<String> names = new TreeSet<>();
        Matcher m = TABLE_NAME.matcher(section("Metrics"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Anchors of the {@code ### } headings of docs/monitoring.md, as GitHub renders them. */
    static Set<String> anchors() {
        Set<String> anchors = new TreeSet<>();
        for (String line : read(DOC).split("\n")) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(GRAFANA)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code expr} of every panel target of a dashboard (rows included). */
    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("targets").forEach(targets -> targets.forEach(t -> {
            if (t.hasNonNull("expr")) {
                exprs.add(t.get("expr").asText());
            }
        }));
        return exprs;
    }

    /** {@code expr} of every rule of a {@code groups} list. */
    static List<String> ruleExpressions(JsonNode groups) {
        List<String> exprs = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(r -> exprs.add(r.path("expr").asText())));
        return exprs;
    }

    static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum");
}
