package io.aimux.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settings from a config.json text, through the same flattening and mapping as at startup. */
public final class TestConfigs {

    private TestConfigs() {}

    public static AimuxConfig fromJson(String json) {
        try {
            Path file = Files.createTempFile("config", ".json");
            try {
                Files.writeString(file, json);
                return new SmallRyeConfigBuilder()
                        .withSources(new MapBackedConfigSource("config.json", ConfigJsonSourceProvider.load(file),
                                ConfigJsonSourceProvider.ORDINAL) {})
                        .withMapping(AimuxConfig.class).build().getConfigMapping(AimuxConfig.class);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
