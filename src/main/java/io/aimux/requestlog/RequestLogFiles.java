package io.aimux.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Appends request-log entries as JSON lines to {@code <dir>/requests.jsonl}. The event loop only
 * offers an entry to a bounded queue (full: the entry is dropped and counted in
 * {@code aimux_request_log_dropped_total}); one writer thread serialises and writes. A file that
 * reaches {@code maxFileBytes} becomes {@code requests.1.jsonl}, older ones move up a number, and
 * files beyond {@code maxFiles} are deleted, so the directory stays within about
 * {@code maxFiles × maxFileBytes}.
 */
final class RequestLogFiles {

    private static final Logger LOG = Logger.getLogger(RequestLogFiles.class);
    static final String CURRENT = "requests.jsonl";

    private final Path dir;
    private final long maxFileBytes;
    private final int maxFiles;
    private final ObjectMapper mapper;
    private final BlockingQueue<RequestLogEntry> queue;
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean stopping;
    private OutputStream out;
    private long written;
    private boolean failing;

    RequestLogFiles(Path dir, long maxFileBytes, int maxFiles, int queueSize, ObjectMapper mapper, MeterRegistry registry) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.mapper = mapper;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.dropped = Counter.builder("aimux_request_log_dropped_total")
                .description("Request-log entries not written to files because the write queue was full")
                .register(registry);
        this.writer = new Thread(this::run, "aimux-request-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Never blocks: an entry that does not fit is dropped and counted. */
    void offer(RequestLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    private void run() {
        while (!stopping || !queue.isEmpty()) {
            try {
                RequestLogEntry entry = queue.poll(500, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    write(entry);
                }
                if (queue.isEmpty() && out != null) {
                    out.flush();
                }
            } catch (InterruptedException e) {
                stopping = true;
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }
        closeFile();
    }

    private void write(RequestLogEntry entry) throws IOException {
        byte[] line = mapper.writeValueAsBytes(entry.toJson());
        if (out == null) {
            open();
        }
        if (written > 0 && written + line.length + 1 > maxFileBytes) {
            rotate();
        }
        out.write(line);
        out.write('\n');
        written += line.length + 1;
        failing = false;
    }

    private void open() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(CURRENT);
        out = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        written = Files.size(file);
    }

    /** requests.jsonl → requests.1.jsonl → … ; the oldest beyond maxFiles is deleted. */
    private void rotate() throws IOException {
        closeFile();
        Files.deleteIfExists(numbered(maxFiles - 1));
        for (int i = maxFiles - 2; i >= 1; i--) {
            Path from = numbered(i);
            if (Files.exists(from)) {
                Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 1) {
            Files.move(dir.resolve(CURRENT), numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(dir.resolve(CURRENT));
        }
        open();
    }

    private Path numbered(int i) {
        return dir.resolve("requests." + i + ".jsonl");
    }

    /** One warning per run of failures (a full disk would otherwise log once per request). */
    private void failed(Exception e) {
        if (!failing) {
            LOG.warnf("request log: cannot write to %s (%s); entries are dropped until it works again", dir,
                    e.getClass().getSimpleName());
            failing = true;
        }
        dropped.increment();
        closeFile();
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the next write reopens
            }
            out = null;
        }
    }

    /** Writes what is queued (for at most two seconds), then stops. */
    void close() {
        stopping = true;
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
