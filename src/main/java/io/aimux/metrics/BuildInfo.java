package io.aimux.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this gateway was built from ({@code aimux-build.properties}, written by
 * the build), shown by {@code GET /api/version} and as {@code aimux_build_info{version,commit} 1}.
 * A build without git history reports the commit as {@code unknown}.
 */
@ApplicationScoped
public class BuildInfo {

    static final String RESOURCE = "aimux-build.properties";
    public static final String UNKNOWN = "unknown";

    private final String version;
    private final String commit;
    private final String buildTime;

    public BuildInfo() {
        this(load());
    }

    BuildInfo(Properties properties) {
        this.version = value(properties, "version");
        this.commit = value(properties, "commit");
        this.buildTime = value(properties, "build_time");
    }

    public String version() {
        return version;
    }

    public String commit() {
        return commit;
    }

    public String buildTime() {
        return buildTime;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("aimux_build_info", () -> 1)
                .description("The running build: always 1, labelled with its version and git commit")
                .tag("version", version).tag("commit", commit)
                .register(registry);
    }

    /** A value the build did not fill in stays an unexpanded {@code ${...}}: it becomes unknown. */
    static String value(Properties properties, String name) {
        String value = properties.getProperty(name, "").trim();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " could not be read", e);
        }
        return properties;
    }
}
