package io.aimux.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records saved to files: they survive a new instance, are replaced whole, and a bad file is never overwritten. */
class FileRecordsTest {

    static Vertx vertx;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    FileRecords records() {
        return new FileRecords(vertx, dir, MAPPER);
    }

    @Test
    void recordsSurviveARestart() throws Exception {
        FileRecords first = records();
        await(first.put("keys", "a", "{\"id\":\"a\",\"n\":1}"));
        await(first.put("keys", "b", "{\"id\":\"b\"}"));
        await(first.put("other", "x", "{\"v\":true}"));
        await(first.remove("keys", "b"));
        await(first.remove("keys", "missing"));

        FileRecords second = records();
        Map<String, String> keys = await(second.all("keys"));
        assertThat(keys).containsOnlyKeys("a");
        assertThat(MAPPER.readTree(keys.get("a"))).isEqualTo(MAPPER.readTree("{\"id\":\"a\",\"n\":1}"));
        assertThat(await(second.all("other"))).containsOnlyKeys("x");
        assertThat(await(second.all("empty"))).isEmpty();
        assertThat(Files.exists(dir.resolve("keys.json"))).isTrue();
    }

    @Test
    void writesLeaveNoTemporaryFilesAndAWholeFile() throws Exception {
        FileRecords records = records();
        for (int i = 0; i < 20; i++) {
            await(records.put("keys", "k" + i, "{\"i\":" + i + "}"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keys.json");
        }
        assertThat(MAPPER.readTree(dir.resolve("keys.json").toFile()).get("records").size()).isEqualTo(20);
    }

    @Test
    void anInterruptedWriteLeavesThePreviousCollection() throws Exception {
        await(records().put("keys", "a", "{\"id\":\"a\"}"));
        // what a crash between writing the temp file and renaming it leaves behind
        Files.writeString(dir.resolve("keys12345.tmp"), "{\"records\":{\"half");
        assertThat(await(records().all("keys"))).containsOnlyKeys("a");
    }

    @Test
    void aBrokenFileIsNeitherReadNorOverwritten() throws Exception {
        Files.writeString(dir.resolve("keys.json"), "{\"records\": {\"a\": ");
        FileRecords records = records();
        assertThatThrownBy(() -> await(records.all("keys"))).hasRootCauseMessage("keys.json is not valid JSON");
        assertThatThrownBy(() -> await(records.put("keys", "b", "{}"))).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(dir.resolve("keys.json"))).isEqualTo("{\"records\": {\"a\": ");
    }

    @Test
    void valuesMustBeJsonAndCollectionNamesPlain() {
        FileRecords records = records();
        assertThatThrownBy(() -> await(records.put("keys", "a", "not json"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> await(records.all("../escape"))).isInstanceOf(IllegalStateException.class);
        assertThat(await(records.all("keys"))).isEmpty();
    }
}
