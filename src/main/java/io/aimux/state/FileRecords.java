package io.aimux.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records of a single replica, kept in memory and saved to {@code <dir>/<collection>.json} after
 * every change, so they survive a restart. Each file is replaced whole (temp file, then rename), so
 * a crash leaves the old or the new collection, never half of one. An unreadable file fails every
 * call on its collection rather than being overwritten by the next change. Several processes
 * sharing one directory are not supported: that is what a shared store is for.
 */
public final class FileRecords implements SharedRecords {

    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9_-]{1,64}");

    private final Vertx vertx;
    private final Path dir;
    private final ObjectMapper mapper;
    /** Collections read so far; guarded by {@code this}. */
    private final Map<String, Map<String, String>> loaded = new HashMap<>();

    public FileRecords(Vertx vertx, Path dir, ObjectMapper mapper) {
        this.vertx = vertx;
        this.dir = dir;
        this.mapper = mapper;
    }

    @Override
    public Future<Map<String, String>> all(String collection) {
        return blocking(() -> {
            synchronized (this) {
                return Map.copyOf(collection(collection));
            }
        });
    }

    @Override
    public Future<Void> put(String collection, String id, String json) {
        return blocking(() -> {
            JsonNode value = mapper.readTree(json); // refuse what is not JSON before anything changes
            if (value == null) {
                throw new IllegalArgumentException("record is not JSON");
            }
            synchronized (this) {
                Map<String, String> next = new HashMap<>(collection(collection));
                next.put(id, json);
                save(collection, next);
                loaded.put(collection, next);
            }
            return null;
        });
    }

    @Override
    public Future<Void> remove(String collection, String id) {
        return blocking(() -> {
            synchronized (this) {
                Map<String, String> current = collection(collection);
                if (current.containsKey(id)) {
                    Map<String, String> next = new HashMap<>(current);
                    next.remove(id);
                    save(collection, next);
                    loaded.put(collection, next);
                }
            }
            return null;
        });
    }

    /** File of a collection; names are fixed by the code, checked so none can point elsewhere. */
    Path file(String collection) {
        if (!COLLECTION.matcher(collection).matches()) {
            throw new IllegalArgumentException("bad collection name");
        }
        return dir.resolve(collection + ".json");
    }

    private Map<String, String> collection(String collection) throws IOException {
        Map<String, String> records = loaded.get(collection);
        if (records == null) {
            records = read(file(collection));
            loaded.put(collection, records);
        }
        return records;
    }

    private Map<String, String> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file.getFileName() + " is not valid JSON"); // the parser's text may quote content
        }
        if (root == null || !root.path("records").isObject()) {
            throw new IOException(file.getFileName() + " holds no records object");
        }
        Map<String, String> records = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("records").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            records.put(entry.getKey(), mapper.writeValueAsString(entry.getValue()));
        }
        return records;
    }

    private void save(String collection, Map<String, String> records) throws IOException {
        Path file = file(collection);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode out = root.putObject("records");
        records.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            try {
                out.set(e.getKey(), mapper.readTree(e.getValue()));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });
        Files.createDirectories(dir);
        // createTempFile gives owner-only permissions on POSIX systems: the records hold key hashes
        Path temp = Files.createTempFile(dir, collection, ".tmp");
        try {
            Files.write(temp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    /** File work stays off the event loop. */
    private <T> Future<T> blocking(Io<T> work) {
        return vertx.executeBlocking(() -> {
            try {
                return work.run();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }, false);
    }
}
