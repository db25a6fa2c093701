package io.aimux.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.limits.KeyLimits;
import io.aimux.state.SharedRecords;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Every client and admin key: those of the configuration ({@code auth.keys}) and those created
 * through the admin API. Secrets are held only as SHA-256 digests and compared in constant time;
 * runtime keys (digest, never the secret) live in the shared records, collection {@code keys},
 * which every replica re-reads every {@code auth.refresh_seconds}, so a key created, disabled or
 * rotated on one replica takes effect on the others. Configured keys cannot be rotated or deleted
 * here (the configuration is their home), but a disabling is recorded over them.
 */
@ApplicationScoped
public class KeyRegistry {

    public static final String COLLECTION = "keys";
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Longest time an old secret may keep working after a rotation: 30 days. */
    public static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;

    private static final Logger LOG = Logger.getLogger(KeyRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    /** Stands in for a missing previous digest so every entry costs the same two comparisons. */
    private static final byte[] NO_DIGEST = new byte[32];

    public enum Source { CONFIG, RUNTIME }

    /** One key as held in memory: the secret only as its SHA-256 digest. */
    record Entry(Principal principal, Source source, boolean disabled, Instant createdAt, Instant rotatedAt,
            byte[] digest, byte[] previousDigest, Instant previousUntil) {

        String id() {
            return principal.keyId();
        }
    }

    /** What a presented secret turned out to be. */
    public sealed interface Authentication permits Granted, Disabled, Unknown {}

    public record Granted(Principal principal) implements Authentication {}

    public record Disabled(String keyId) implements Authentication {}

    public record Unknown() implements Authentication {}

    /** A key to create, already checked field by field. */
    public record NewKey(String id, boolean admin, List<String> models, KeyLimits limits, Map<String, String> guard) {}

    /** A key as the admin API shows it: never the secret nor its digest, only a short fingerprint. */
    public record KeyView(String id, boolean admin, List<String> models, KeyLimits limits, Map<String, String> guard,
            boolean disabled, Source source, Instant createdAt, Instant rotatedAt, String fingerprint,
            Instant previousValidUntil) {}

    /** A new secret, shown once. */
    public record Issued(KeyView key, String secret) {}

    private record Snapshot(List<Entry> entries, Map<String, Entry> byId) {}

    private final SharedRecords records;
    private final Vertx vertx;
    private final Clock clock;
    private final int refreshSeconds;
    private final Map<String, Entry> configured;
    private volatile Snapshot snapshot;
    private final AtomicLong reads = new AtomicLong();
    private long applied; // guarded by this: the newest read whose result is in force
    private final AtomicBoolean timerRefreshRunning = new AtomicBoolean();
    private Future<?> writes = Future.succeededFuture(); // guarded by this: own changes, one at a time
    private long timer = -1;

    @Inject
    public KeyRegistry(AimuxConfig config, SharedRecords records, Vertx vertx) {
        this(config, records, vertx, Clock.systemUTC());
    }

    KeyRegistry(AimuxConfig config, SharedRecords records, Vertx vertx, Clock clock) {
        this.records = records;
        this.vertx = vertx;
        this.clock = clock;
        this.refreshSeconds = config.auth().refreshSeconds();
        Map<String, Entry> keys = new LinkedHashMap<>();
        config.auth().keys().forEach((id, key) -> keys.put(id, new Entry(
                new Principal(id, key.role().equals("admin"), List.copyOf(key.models().orElse(List.of())),
                        KeyLimits.of(key.limits()), Map.copyOf(key.guard())),
                Source.CONFIG, false, null, null, digest(key.key()), null, null)));
        this.configured = Map.copyOf(keys);
        this.snapshot = build(Map.of());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Reads the runtime keys (waiting a bounded time) and starts the periodic refresh. */
    public void start() {
        try {
            refresh().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the keys created at runtime could not be read; only the configured keys are in force until a refresh succeeds");
        }
        if (refreshSeconds > 0) {
            timer = vertx.setPeriodic(refreshSeconds * 1000L, id -> {
                if (timerRefreshRunning.compareAndSet(false, true)) { // a slow store never piles up reads
                    refresh().onComplete(result -> {
                        timerRefreshRunning.set(false);
                        if (result.failed()) {
                            // no detail: a store's error text may carry its address or password
                            LOG.warn("refreshing the keys failed; the last known keys stay in force");
                        }
                    });
                }
            });
        }
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Re-reads the runtime keys; a failed read keeps the last known ones. */
    public Future<Void> refresh() {
        long read = reads.incrementAndGet();
        return records.all(COLLECTION).map(all -> {
            apply(read, all);
            return null;
        });
    }

    private synchronized void apply(long read, Map<String, String> all) {
        if (read < applied) {
            return; // an older read that finished after a newer one
        }
        applied = read;
        snapshot = build(all);
    }

    /** Every key in force, by id (for tests and views). */
    List<Entry> entries() {
        return snapshot.entries();
    }

    /** The key in force under this id, or null. */
    Entry entry(String id) {
        return snapshot.byId().get(id);
    }

    /** With no key at all the gateway is anonymous (loopback only); a disabled key still counts. */
    public boolean anonymous() {
        return snapshot.entries().isEmpty();
    }

    /**
     * Finds the key of a presented secret. Its digest is compared with every current and previous
     * digest, in constant time and without stopping at a match, so timing tells nothing about which
     * keys exist or how close a guess came.
     */
    public Authentication authenticate(String presented) {
        Entry found = scan(snapshot.entries(), digest(presented), clock.instant(), MessageDigest::isEqual);
        if (found == null) {
            return new Unknown();
        }
        return found.disabled() ? new Disabled(found.id()) : new Granted(found.principal());
    }

    /** The entry whose current (or, within its grace, previous) digest is {@code given}; every entry is compared. */
    static Entry scan(List<Entry> entries, byte[] given, Instant now, BiPredicate<byte[], byte[]> equal) {
        Entry found = null;
        for (Entry entry : entries) {
            boolean current = equal.test(entry.digest(), given);
            boolean previous = equal.test(entry.previousDigest() == null ? NO_DIGEST : entry.previousDigest(), given)
                    & entry.previousUntil() != null && now.isBefore(entry.previousUntil());
            if (current | previous) {
                found = entry;
            }
        }
        return found;
    }

    /** Every key, freshly read where the store answers. */
    public Future<List<KeyView>> list() {
        return refresh().transform(ignored -> Future.succeededFuture(
                snapshot.entries().stream().map(this::view).toList()));
    }

    public Future<KeyView> find(String id) {
        return refresh().transform(ignored -> {
            Entry entry = snapshot.byId().get(id);
            return entry == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(view(entry));
        });
    }

    /** Creates a runtime key with a new secret, returned here and never again. */
    public Future<Issued> create(NewKey spec) {
        return serially(() -> {
            if (configured.containsKey(spec.id())) {
                return Future.failedFuture(conflict("a configured key already has the id '" + spec.id() + "'"));
            }
            if (!spec.admin() && snapshot.entries().stream().noneMatch(e -> e.principal().admin())) {
                // the first key ends anonymous mode: were it a client key, nobody could reach the admin API
                return Future.failedFuture(conflict("create an admin key first; without one the admin API would be closed to everyone"));
            }
            return records.all(COLLECTION).compose(all -> {
                Entry existing = decode(spec.id(), all.get(spec.id()));
                if (existing != null && existing.source() == Source.RUNTIME) {
                    return Future.failedFuture(conflict("a key with the id '" + spec.id() + "' exists"));
                }
                String secret = newSecret();
                Entry entry = new Entry(new Principal(spec.id(), spec.admin(), spec.models(), spec.limits(), spec.guard()),
                        Source.RUNTIME, false, now(), null, digest(secret), null, null);
                return records.put(COLLECTION, spec.id(), encode(entry)).compose(stored -> settle())
                        .map(settled -> new Issued(view(entry), secret));
            });
        });
    }

    /** Disables or enables a key; for a configured key the switch is recorded over the configuration. */
    public Future<KeyView> setDisabled(String id, boolean disabled) {
        return serially(() -> records.all(COLLECTION).compose(all -> {
            Entry base = configured.get(id);
            if (base != null) {
                Future<Void> write = disabled
                        ? records.put(COLLECTION, id, JSON.createObjectNode().put("id", id).put("source", "config")
                                .put("disabled", true).toString())
                        : records.remove(COLLECTION, id);
                return write.compose(stored -> settle()).map(settled -> view(withDisabled(base, disabled)));
            }
            Entry entry = decode(id, all.get(id));
            if (entry == null || entry.source() != Source.RUNTIME) {
                return Future.failedFuture(notFound(id));
            }
            Entry next = withDisabled(entry, disabled);
            return records.put(COLLECTION, id, encode(next)).compose(stored -> settle()).map(settled -> view(next));
        }));
    }

    /**
     * Gives a runtime key a new secret. For {@code graceSeconds} the old secret keeps working, so
     * clients can be moved over without an outage; one earlier secret at most is remembered.
     */
    public Future<Issued> rotate(String id, long graceSeconds) {
        return serially(() -> {
            if (configured.containsKey(id)) {
                return Future.failedFuture(conflict("key '" + id + "' is defined in the configuration; rotate it there"));
            }
            return records.all(COLLECTION).compose(all -> {
                Entry entry = decode(id, all.get(id));
                if (entry == null || entry.source() != Source.RUNTIME) {
                    return Future.failedFuture(notFound(id));
                }
                String secret = newSecret();
                Instant now = now();
                Entry next = new Entry(entry.principal(), Source.RUNTIME, entry.disabled(), entry.createdAt(), now,
                        digest(secret), graceSeconds > 0 ? entry.digest() : null,
                        graceSeconds > 0 ? now.plusSeconds(graceSeconds) : null);
                return records.put(COLLECTION, id, encode(next)).compose(stored -> settle())
                        .map(settled -> new Issued(view(next), secret));
            });
        });
    }

    public Future<Void> delete(String id) {
        return serially(() -> {
            if (configured.containsKey(id)) {
                return Future.failedFuture(conflict("key '" + id + "' is defined in the configuration; remove it there"));
            }
            return records.all(COLLECTION).compose(all -> {
                Entry entry = decode(id, all.get(id));
                if (entry == null || entry.source() != Source.RUNTIME) {
                    return Future.failedFuture(notFound(id));
                }
                return records.remove(COLLECTION, id).compose(removed -> settle());
            });
        });
    }

    /**
     * After an own change: re-read so it is in force here at once. The change is stored, so a
     * failed read does not fail it; the next refresh brings it.
     */
    private Future<Void> settle() {
        return refresh().transform(result -> {
            if (result.failed()) {
                LOG.warn("refreshing the keys after a change failed; the change is stored and applies at the next refresh");
            }
            return Future.succeededFuture();
        });
    }

    /** Runs this replica's changes one after another, so two admin calls cannot undo each other. */
    private synchronized <T> Future<T> serially(Supplier<Future<T>> change) {
        Future<T> result = writes.transform(previous -> {
            try {
                return change.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        writes = result.transform(done -> Future.succeededFuture());
        return result;
    }

    private Snapshot build(Map<String, String> stored) {
        Map<String, Entry> byId = new LinkedHashMap<>(configured);
        List<Map.Entry<String, String>> sorted = new ArrayList<>(stored.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, String> record : sorted) {
            Entry entry = decode(record.getKey(), record.getValue());
            if (entry == null) {
                continue;
            }
            Entry base = configured.get(entry.id());
            if (base != null) {
                if (entry.source() == Source.CONFIG) {
                    byId.put(entry.id(), withDisabled(base, entry.disabled()));
                } // a runtime record never replaces a configured key of the same id
            } else if (entry.source() == Source.RUNTIME) {
                byId.put(entry.id(), entry);
            }
        }
        List<Entry> entries = byId.values().stream().sorted(Comparator.comparing(Entry::id)).toList();
        return new Snapshot(entries, Map.copyOf(byId));
    }

    private static Entry withDisabled(Entry e, boolean disabled) {
        return new Entry(e.principal(), e.source(), disabled, e.createdAt(), e.rotatedAt(), e.digest(), e.previousDigest(),
                e.previousUntil());
    }

    KeyView view(Entry e) {
        Instant graceUntil = e.previousUntil() != null && now().isBefore(e.previousUntil()) ? e.previousUntil() : null;
        Principal p = e.principal();
        return new KeyView(p.keyId(), p.admin(), p.models(), p.limits(), p.guard(), e.disabled(), e.source(),
                e.createdAt(), e.rotatedAt(), HEX.formatHex(e.digest(), 0, 4), graceUntil);
    }

    // ---- stored form: digests only, never a secret ----

    static String encode(Entry e) {
        ObjectNode out = JSON.createObjectNode();
        Principal p = e.principal();
        out.put("id", p.keyId()).put("source", "runtime").put("role", p.admin() ? "admin" : "client");
        com.fasterxml.jackson.databind.node.ArrayNode models = out.putArray("models");
        p.models().forEach(models::add);
        KeyLimits l = p.limits();
        out.putObject("limits").put("requests_per_minute", l.requestsPerMinute()).put("tokens_per_minute", l.tokensPerMinute())
                .put("max_concurrent", l.maxConcurrent()).put("daily_tokens", l.dailyTokens())
                .put("monthly_tokens", l.monthlyTokens()).put("daily_cost_usd", l.dailyCostUsd())
                .put("monthly_cost_usd", l.monthlyCostUsd());
        ObjectNode guard = out.putObject("guard");
        p.guard().forEach(guard::put);
        out.put("disabled", e.disabled());
        out.put("created_at", e.createdAt() == null ? null : e.createdAt().toString());
        out.put("rotated_at", e.rotatedAt() == null ? null : e.rotatedAt().toString());
        out.put("sha256", HEX.formatHex(e.digest()));
        out.put("previous_sha256", e.previousDigest() == null ? null : HEX.formatHex(e.previousDigest()));
        out.put("previous_until", e.previousUntil() == null ? null : e.previousUntil().toString());
        return out.toString();
    }

    /** A stored record, or null (and a log line naming only a well-formed id) when it cannot be used. */
    static Entry decode(String id, String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!ID.matcher(id).matches() || !id.equals(node.path("id").asText())) {
                throw new IllegalArgumentException();
            }
            boolean disabled = node.path("disabled").asBoolean(false);
            if ("config".equals(node.path("source").asText())) {
                return new Entry(new Principal(id, false, List.of(), KeyLimits.UNLIMITED, Map.of()), Source.CONFIG, disabled,
                        null, null, NO_DIGEST, null, null);
            }
            if (!"runtime".equals(node.path("source").asText())) {
                throw new IllegalArgumentException();
            }
            List<String> models = new ArrayList<>();
            node.path("models").forEach(m -> models.add(m.asText()));
            Map<String, String> guard = new LinkedHashMap<>();
            node.path("guard").fields().forEachRemaining(g -> guard.put(g.getKey(), g.getValue().asText()));
            JsonNode l = node.path("limits");
            KeyLimits limits = new KeyLimits(l.path("requests_per_minute").asLong(), l.path("tokens_per_minute").asLong(),
                    l.path("max_concurrent").asInt(), l.path("daily_tokens").asLong(), l.path("monthly_tokens").asLong(),
                    l.path("daily_cost_usd").asDouble(), l.path("monthly_cost_usd").asDouble());
            byte[] digest = HEX.parseHex(node.path("sha256").asText());
            byte[] previous = node.path("previous_sha256").isTextual() ? HEX.parseHex(node.get("previous_sha256").asText()) : null;
            if (digest.length != 32 || (previous != null && previous.length != 32)) {
                throw new IllegalArgumentException();
            }
            return new Entry(new Principal(id, "admin".equals(node.path("role").asText()), List.copyOf(models), limits,
                    Map.copyOf(guard)), Source.RUNTIME, disabled, instant(node.get("created_at")), instant(node.get("rotated_at")),
                    digest, previous, instant(node.get("previous_until")));
        } catch (Exception e) {
            LOG.warnf("ignoring an unusable stored key record%s", ID.matcher(id).matches() ? " '" + id + "'" : "");
            return null;
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || !node.isTextual() ? null : Instant.parse(node.asText());
    }

    // ---- secrets ----

    /** {@code aimux-} and 32 random bytes, base64url: 256 bits, so a plain digest is safe to store. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "aimux-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorKind.NOT_FOUND, "no key with the id '" + id + "'");
    }

    private static GatewayException conflict(String message) {
        return new GatewayException(ErrorKind.CONFLICT, message);
    }
}
