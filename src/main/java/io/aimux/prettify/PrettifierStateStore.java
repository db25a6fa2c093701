package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Keeps prettifier changes made through the admin API across restarts, in
 * {@code <data_dir>/prettifier.json}. Saved changes are applied over the configuration at startup:
 * they are the operator's latest word. Written atomically (temp file, then rename).
 */
@ApplicationScoped
public class PrettifierStateStore {

    private static final Logger LOG = Logger.getLogger(PrettifierStateStore.class);
    static final String FILE = "prettifier.json";

    private final Path file;
    private final PrettifierSettings settings;
    private final ObjectMapper mapper;
    private final Set<String> providers;

    public PrettifierStateStore(AimuxConfig config, PrettifierSettings settings, ObjectMapper mapper) {
        this.file = Path.of(config.dataDir()).resolve(FILE);
        this.providers = config.providers().keySet();
        this.settings = settings;
        this.mapper = mapper;
    }

    void load(@Observes StartupEvent event) {
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
        save(next);
        settings.replace(next);
        return next;
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
