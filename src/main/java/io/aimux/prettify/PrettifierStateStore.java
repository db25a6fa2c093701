package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.aimux.state.SharedRecords;
import io.aimux.state.StateBeans;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps prettifier changes made through the admin API across restarts, in
 * {@code <data_dir>/prettifier.json}. Saved changes are applied over the configuration at startup:
 * they are the operator's latest word. Written atomically (temp file, then rename).
 * <p>
 * With {@code state.store=redis} a change is also written to the shared records, and every replica
 * re-reads them every {@code auth.refresh_seconds} (as it does the runtime keys), so a change made
 * through one replica reaches the others; the shared settings win over a replica's own file.
 */
@ApplicationScoped
public class PrettifierStateStore {

    private static final Logger LOG = Logger.getLogger(PrettifierStateStore.class);
    static final String FILE = "prettifier.json";
    static final String COLLECTION = "prettifier";
    static final String RECORD = "settings";

    private final Path file;
    private final PrettifierSettings settings;
    private final ObjectMapper mapper;
    private final Set<String> providers;
    private final SharedRecords records;
    private final Vertx vertx;
    private final boolean shared;
    private final int refreshSeconds;
    private String lastShared; // guarded by this: the shared settings last applied or written
    private long timer = -1;

    public PrettifierStateStore(AimuxConfig config, PrettifierSettings settings, ObjectMapper mapper,
            SharedRecords records, Vertx vertx) {
        this.file = Path.of(config.dataDir()).resolve(FILE);
        this.providers = config.providers().keySet();
        this.settings = settings;
        this.mapper = mapper;
        this.records = records;
        this.vertx = vertx;
        this.shared = StateBeans.REDIS.equals(config.state().store());
        this.refreshSeconds = config.auth().refreshSeconds();
    }

    void load(@Observes StartupEvent event) {
        loadFile();
        if (!shared) {
            return;
        }
        try {
            pull();
        } catch (IOException e) {
            LOG.warn("the shared prettifier settings could not be read; this replica's own are in force until a refresh succeeds");
        }
        if (refreshSeconds > 0) {
            // on a worker, one at a time (ordered): a slow store never piles up reads or blocks an event loop
            timer = vertx.setPeriodic(refreshSeconds * 1000L, id -> vertx.executeBlocking(() -> {
                try {
                    pull();
                } catch (IOException e) {
                    LOG.warn("refreshing the shared prettifier settings failed; the last known ones stay in force");
                }
                return null;
            }));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Applies the shared settings if another replica changed them since this one last looked. */
    void pull() throws IOException {
        String json = await(records.all(COLLECTION)).get(RECORD);
        synchronized (this) {
            if (json == null || json.equals(lastShared)) {
                return;
            }
            try {
                PrettifierSettings.Snapshot next = PrettifierConfigUpdate.apply(mapper.readTree(json), settings.snapshot(), providers);
                save(next);
                settings.replace(next);
                lastShared = json;
                LOG.info("prettifier settings updated from the shared state store");
            } catch (PrettifierConfigUpdate.InvalidField e) {
                lastShared = json; // written by a replica that knows other providers: skip it until it changes
                LOG.warnf("ignoring the shared prettifier settings: %s %s", e.field(), e.getMessage());
            }
        }
    }

    private void loadFile() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode saved = mapper.readTree(file.toFile());
            settings.replace(PrettifierConfigUpdate.apply(saved, settings.snapshot(), providers));
            LOG.infof("prettifier settings restored from %s", file);
        } catch (PrettifierConfigUpdate.InvalidField e) {
            LOG.warnf("ignoring %s: %s %s", file, e.field(), e.getMessage());
        } catch (IOException e) {
            LOG.warnf("ignoring unreadable %s", file);
        }
    }

    /**
     * Applies a change, saves it and puts it in force, as one step: concurrent admin calls are
     * serialised so memory and disk never disagree and no change is lost.
     */
    public synchronized PrettifierSettings.Snapshot update(JsonNode change, Set<String> providers) throws IOException {
        PrettifierSettings.Snapshot next = PrettifierConfigUpdate.apply(change, settings.snapshot(), providers);
        if (shared) { // shared first: a change the other replicas will not see is not made here either
            String json = PrettifierConfigUpdate.toJson(next).toString();
            await(records.put(COLLECTION, RECORD, json));
            lastShared = json;
        }
        save(next);
        settings.replace(next);
        return next;
    }

    /** Waits a bounded time for a state-store call; its failure text is not passed on (it may name the store's address). */
    private static <T> T await(io.vertx.core.Future<T> call) throws IOException {
        try {
            return call.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the shared state store did not answer");
        }
    }

    void save(PrettifierSettings.Snapshot snapshot) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        Files.write(temp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(PrettifierConfigUpdate.toJson(snapshot)));
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

}
