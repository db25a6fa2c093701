package io.aimux.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus text exposition of {@code /q/metrics}, read into samples and family types. */
record PromText(List<Sample> samples, Map<String, String> types) {

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PromText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
                Map<String, String> labels = new LinkedHashMap<>();
                if (brace >= 0) {
                    Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        labels.put(m.group(1), m.group(2));
                    }
                }
                samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
            }
        }
        return new PromText(samples, types);
    }

    /** Sample names of the AIMUX and GenAI families, as a query names them. */
    Set<String> sampleNames() {
        Set<String> names = new TreeSet<>();
        for (Sample s : samples) {
            if (s.name().startsWith("aimux_") || s.name().startsWith("gen_ai_")) {
                names.add(s.name());
            }
        }
        return names;
    }

    /**
     * The names docs/monitoring.md lists: counters with {@code _total}, histograms and summaries
     * by their base name (their {@code _max} gauge belongs to them), gauges as they are.
     */
    Set<String> documentableNames() {
        Set<String> names = new TreeSet<>();
        types.forEach((family, type) -> {
            if (!family.startsWith("aimux_") && !family.startsWith("gen_ai_")) {
                return;
            }
            if (family.endsWith("_max") && Set.of("histogram", "summary")
                    .contains(types.get(family.substring(0, family.length() - 4)))) {
                return;
            }
            names.add(type.equals("counter") && !family.endsWith("_total") ? family + "_total" : family);
        });
        return names;
    }

    List<Sample> find(String name, Map<String, String> labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The sum of the matching samples. */
    double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
