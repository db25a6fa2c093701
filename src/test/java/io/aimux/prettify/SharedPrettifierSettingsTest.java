package io.aimux.prettify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.aimux.config.TestConfigs;
import io.aimux.state.InMemoryRecords;
import io.aimux.state.SharedRecords;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Prettifier changes made on one replica reach another through the shared records (state.store=redis). */
class SharedPrettifierSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aChangeOnOneReplicaIsAppliedByTheOtherOnItsNextRead(@TempDir Path dir) throws Exception {
        SharedRecords shared = new InMemoryRecords();
        Replica a = replica("redis", dir.resolve("a"), shared);
        Replica b = replica("redis", dir.resolve("b"), shared);

        a.store.update(JSON.readTree("{\"output_format\":\"toon\",\"streaming\":{\"max_hold_back_chars\":2048}}"), Set.of("mock"));
        assertThat(a.settings.snapshot().outputFormat()).isEqualTo("toon");
        assertThat(b.settings.snapshot().outputFormat()).as("not before its read").isEqualTo("json");

        b.store.pull();
        assertThat(b.settings.snapshot().outputFormat()).isEqualTo("toon");
        assertThat(b.settings.snapshot().maxHoldBackChars()).isEqualTo(2048);
        assertThat(Files.readString(dir.resolve("b").resolve(PrettifierStateStore.FILE)))
                .as("kept in the replica's own file too").contains("toon");

        b.settings.replace(PrettifierConfigUpdate.apply(JSON.readTree("{\"output_format\":\"raw\"}"), b.settings.snapshot(), Set.of("mock")));
        b.store.pull();
        assertThat(b.settings.snapshot().outputFormat()).as("an unchanged record is not applied again").isEqualTo("raw");
    }

    @Test
    void withTheMemoryStoreNothingIsShared(@TempDir Path dir) throws Exception {
        SharedRecords shared = new InMemoryRecords();
        Replica a = replica("memory", dir.resolve("a"), shared);
        a.store.update(JSON.readTree("{\"output_format\":\"toon\"}"), Set.of("mock"));
        assertThat(shared.all(PrettifierStateStore.COLLECTION).toCompletionStage().toCompletableFuture().get()).isEmpty();
    }

    private record Replica(PrettifierSettings settings, PrettifierStateStore store) {}

    private Replica replica(String store, Path dataDir, SharedRecords shared) {
        AimuxConfig config = TestConfigs.fromJson("""
                {"data_dir": "%s", "auth": {"refresh_seconds": 0},
                 "state": {"store": "%s", "redis_url": "redis://127.0.0.1:6379/0"}}""".formatted(dataDir, store));
        PrettifierSettings settings = new PrettifierSettings(config);
        return new Replica(settings, new PrettifierStateStore(config, settings, JSON, shared, vertx));
    }
}
