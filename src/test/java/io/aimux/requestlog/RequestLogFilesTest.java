package io.aimux.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.metrics.UsageRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The file writer: a full queue drops and counts instead of waiting; rotation keeps files and sizes bounded. */
class RequestLogFilesTest {

    static RequestLogEntry entry(long sequence, String id) {
        UsageRecord record = RequestLogRingTest.record(id, "completed", null, -1, null);
        return RequestLogEntry.of(sequence, record, Instant.parse("2026-12-03T10:00:00Z"), null, null);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting(@TempDir Path dir) throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestLogFiles files = new RequestLogFiles(dir, 1 << 20, 2, 2, new ObjectMapper(), registry);
        files.offer(entry(0, "kept-1"));
        files.offer(entry(1, "kept-2"));
        files.offer(entry(2, "dropped-3")); // the writer is not running yet: the queue is full
        assertThat(registry.get("aimux_request_log_dropped_total").counter().count()).isEqualTo(1.0);
        files.start().close();
        List<String> lines = Files.readAllLines(dir.resolve(RequestLogFiles.CURRENT));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"id\":\"kept-1\",\"time\":\"2026-12-03T09:59:59.995Z\"");
        assertThat(lines.get(1)).contains("\"kept-2\"");
    }

    @Test
    void rotationKeepsAtMostMaxFilesOfAtMostMaxBytes(@TempDir Path dir) throws IOException {
        RequestLogFiles files = new RequestLogFiles(dir, 4096, 3, 1000, new ObjectMapper(), new SimpleMeterRegistry());
        for (int i = 0; i < 200; i++) {
            files.offer(entry(i, "r" + i));
        }
        files.start().close();
        try (Stream<Path> listed = Files.list(dir)) {
            List<Path> all = listed.sorted().toList();
            assertThat(all).extracting(p -> p.getFileName().toString())
                    .containsExactly("requests.1.jsonl", "requests.2.jsonl", "requests.jsonl");
            for (Path file : all) {
                assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
            }
        }
        List<String> newest = Files.readAllLines(dir.resolve(RequestLogFiles.CURRENT));
        assertThat(newest.get(newest.size() - 1)).contains("\"r199\"");
        assertThat(Files.readAllLines(dir.resolve("requests.2.jsonl"))).noneMatch(line -> line.contains("\"r0\""));
    }
}
