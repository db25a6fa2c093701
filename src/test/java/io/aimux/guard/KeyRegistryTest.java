package io.aimux.guard;

import io.aimux.config.AimuxConfig;
import io.aimux.config.TestConfigs;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.limits.KeyLimits;
import io.aimux.state.InMemoryRecords;
import io.aimux.state.SharedRecords;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hashing, lookup, rotation grace, config overrides and sharing between replicas, without HTTP. */
class KeyRegistryTest {

    // visibly fake secrets, assembled at runtime
    static final String ADMIN = "fake-" + "admin-" + "0000-not-a-real-key";
    static final String CLIENT = "fake-" + "client-" + "0000-not-a-real-key";

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static AimuxConfig config(int refreshSeconds) {
        return TestConfigs.fromJson("{\"auth\":{\"refresh_seconds\":" + refreshSeconds + ",\"keys\":{"
                + "\"ops\":{\"key\":\"" + ADMIN + "\",\"role\":\"admin\"},"
                + "\"app\":{\"key\":\"" + CLIENT + "\",\"models\":[\"mock/*\"]}}}}");
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyRegistry.NewKey client(String id) {
        return new KeyRegistry.NewKey(id, false, List.of("mock/echo"), KeyLimits.UNLIMITED, Map.of());
    }

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void configuredKeysAuthenticateWithTheirRoleAndModels() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        assertThat(keys.authenticate(ADMIN)).isInstanceOfSatisfying(KeyRegistry.Granted.class,
                g -> assertThat(g.principal().admin()).isTrue());
        assertThat(keys.authenticate(CLIENT)).isInstanceOfSatisfying(KeyRegistry.Granted.class, g -> {
            assertThat(g.principal().keyId()).isEqualTo("app");
            assertThat(g.principal().admin()).isFalse();
            assertThat(g.principal().models()).containsExactly("mock/*");
        });
        assertThat(keys.authenticate(CLIENT.substring(0, 10))).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(keys.authenticate(CLIENT + "x")).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(keys.anonymous()).isFalse();
    }

    @Test
    void onlyDigestsAreHeld() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        for (KeyRegistry.Entry entry : keys.entries()) {
            assertThat(entry.digest()).hasSize(32);
            assertThat(entry.toString()).doesNotContain(ADMIN).doesNotContain(CLIENT);
        }
        assertThat(keys.entries().get(0).digest()).isEqualTo(KeyRegistry.digest(CLIENT)); // "app" sorts first
    }

    @Test
    void everyEntryIsComparedEvenAfterAMatch() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        await(keys.create(client("zzz-extra")));
        List<KeyRegistry.Entry> entries = keys.entries();
        assertThat(entries).hasSize(3);
        AtomicInteger comparisons = new AtomicInteger();
        KeyRegistry.Entry found = KeyRegistry.scan(entries, KeyRegistry.digest(CLIENT), Instant.now(), (a, b) -> {
            comparisons.incrementAndGet();
            return java.security.MessageDigest.isEqual(a, b);
        });
        assertThat(found.id()).isEqualTo("app"); // the first entry matched...
        assertThat(comparisons.get()).isEqualTo(2 * entries.size()); // ...and every current and previous digest was compared
    }

    @Test
    void createdKeysWorkAtOnceAndTheirSecretIsStrongAndNotStored() {
        InMemoryRecords records = new InMemoryRecords();
        KeyRegistry keys = new KeyRegistry(config(0), records, vertx);
        KeyRegistry.Issued issued = await(keys.create(client("team-a")));
        assertThat(issued.secret()).matches("aimux-[A-Za-z0-9_-]{43}");
        assertThat(issued.key().fingerprint()).matches("[0-9a-f]{8}");
        assertThat(issued.key().source()).isEqualTo(KeyRegistry.Source.RUNTIME);
        assertThat(keys.authenticate(issued.secret())).isInstanceOfSatisfying(KeyRegistry.Granted.class,
                g -> assertThat(g.principal().models()).containsExactly("mock/echo"));
        String stored = await(records.all(KeyRegistry.COLLECTION)).get("team-a");
        assertThat(stored).doesNotContain(issued.secret())
                .contains(java.util.HexFormat.of().formatHex(KeyRegistry.digest(issued.secret())));
        assertThat(issued.key().toString()).doesNotContain(issued.secret());
        assertThat(await(keys.create(client("team-b"))).secret()).isNotEqualTo(issued.secret());
    }

    @Test
    void idsAreUniqueAcrossConfiguredAndRuntimeKeys() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        await(keys.create(client("team-a")));
        assertThatThrownBy(() -> await(keys.create(client("team-a"))))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> await(keys.create(client("ops"))))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }

    @Test
    void rotationKeepsTheOldSecretOnlyForItsGrace() {
        HandClock clock = new HandClock();
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx, clock);
        String first = await(keys.create(client("team-a"))).secret();
        KeyRegistry.Issued second = await(keys.rotate("team-a", 60));
        assertThat(second.secret()).isNotEqualTo(first);
        assertThat(second.key().previousValidUntil()).isEqualTo(clock.now.plusSeconds(60));
        assertThat(keys.authenticate(second.secret())).isInstanceOf(KeyRegistry.Granted.class);
        clock.now = clock.now.plusSeconds(59);
        assertThat(keys.authenticate(first)).isInstanceOf(KeyRegistry.Granted.class);
        clock.now = clock.now.plusSeconds(1);
        assertThat(keys.authenticate(first)).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(keys.authenticate(second.secret())).isInstanceOf(KeyRegistry.Granted.class);

        String third = await(keys.rotate("team-a", 0)).secret();
        assertThat(keys.authenticate(second.secret())).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(keys.authenticate(third)).isInstanceOf(KeyRegistry.Granted.class);
    }

    @Test
    void disablingWorksForRuntimeAndConfiguredKeys() {
        InMemoryRecords records = new InMemoryRecords();
        KeyRegistry keys = new KeyRegistry(config(0), records, vertx);
        String secret = await(keys.create(client("team-a"))).secret();
        await(keys.setDisabled("team-a", true));
        assertThat(keys.authenticate(secret)).isEqualTo(new KeyRegistry.Disabled("team-a"));
        await(keys.setDisabled("team-a", false));
        assertThat(keys.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);

        KeyRegistry.KeyView app = await(keys.setDisabled("app", true));
        assertThat(app.source()).isEqualTo(KeyRegistry.Source.CONFIG);
        assertThat(app.disabled()).isTrue();
        assertThat(keys.authenticate(CLIENT)).isEqualTo(new KeyRegistry.Disabled("app"));
        assertThat(await(records.all(KeyRegistry.COLLECTION))).containsKey("app");
        await(keys.setDisabled("app", false));
        assertThat(keys.authenticate(CLIENT)).isInstanceOf(KeyRegistry.Granted.class);
        assertThat(await(records.all(KeyRegistry.COLLECTION))).doesNotContainKey("app");
    }

    @Test
    void configuredKeysCannotBeRotatedOrDeletedHere() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        assertThatThrownBy(() -> await(keys.rotate("ops", 0)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> await(keys.delete("app")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> await(keys.delete("nobody")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(keys.authenticate(ADMIN)).isInstanceOf(KeyRegistry.Granted.class);
    }

    @Test
    void deletedKeysStopWorking() {
        KeyRegistry keys = new KeyRegistry(config(0), new InMemoryRecords(), vertx);
        String secret = await(keys.create(client("team-a"))).secret();
        await(keys.delete("team-a"));
        assertThat(keys.authenticate(secret)).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(await(keys.list())).extracting(KeyRegistry.KeyView::id).containsExactly("app", "ops");
    }

    @Test
    void anonymousOnlyWithoutAnyKey() {
        KeyRegistry keys = new KeyRegistry(TestConfigs.fromJson("{}"), new InMemoryRecords(), vertx);
        assertThat(keys.anonymous()).isTrue();
        assertThatThrownBy(() -> await(keys.create(client("client-first"))))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(keys.anonymous()).as("no lock-out: still anonymous").isTrue();
        String secret = await(keys.create(new KeyRegistry.NewKey("first-admin", true, List.of(), KeyLimits.UNLIMITED, Map.of()))).secret();
        assertThat(keys.anonymous()).isFalse();
        await(keys.setDisabled("first-admin", true));
        assertThat(keys.anonymous()).as("a disabled key does not reopen anonymous access").isFalse();
        assertThat(keys.authenticate(secret)).isInstanceOf(KeyRegistry.Disabled.class);
    }

    @Test
    void replicasSeeEachOthersChangesAfterARefresh() {
        InMemoryRecords shared = new InMemoryRecords();
        KeyRegistry a = new KeyRegistry(config(0), shared, vertx);
        KeyRegistry b = new KeyRegistry(config(0), shared, vertx);
        String secret = await(a.create(client("team-a"))).secret();
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Unknown.class);
        await(b.refresh());
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);

        await(a.setDisabled("team-a", true));
        await(a.setDisabled("app", true));
        await(b.refresh());
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Disabled.class);
        assertThat(b.authenticate(CLIENT)).isInstanceOf(KeyRegistry.Disabled.class);

        await(b.setDisabled("team-a", false));
        String rotated = await(b.rotate("team-a", 0)).secret();
        await(a.refresh());
        assertThat(a.authenticate(rotated)).isInstanceOf(KeyRegistry.Granted.class);
        assertThat(a.authenticate(secret)).isInstanceOf(KeyRegistry.Unknown.class);
    }

    @Test
    void theTimerBringsChangesFromOtherReplicas() {
        InMemoryRecords shared = new InMemoryRecords();
        KeyRegistry a = new KeyRegistry(config(0), shared, vertx);
        KeyRegistry b = new KeyRegistry(config(1), shared, vertx);
        b.start();
        try {
            String secret = await(a.create(client("team-a"))).secret();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.authenticate(secret) instanceof KeyRegistry.Granted);
        } finally {
            b.stop();
        }
    }

    /** Records whose reads can be made to fail or be held back. */
    static final class UnreliableRecords implements SharedRecords {
        final InMemoryRecords inner = new InMemoryRecords();
        final AtomicBoolean failing = new AtomicBoolean();
        final Queue<Promise<Map<String, String>>> held = new ArrayDeque<>();
        boolean hold;

        @Override
        public Future<Map<String, String>> all(String collection) {
            if (failing.get()) {
                return Future.failedFuture(new IllegalStateException("store down at redis://user:pw@host"));
            }
            if (hold) {
                Promise<Map<String, String>> promise = Promise.promise();
                held.add(promise);
                return promise.future();
            }
            return inner.all(collection);
        }

        @Override
        public Future<Void> put(String collection, String id, String json) {
            return inner.put(collection, id, json);
        }

        @Override
        public Future<Void> remove(String collection, String id) {
            return inner.remove(collection, id);
        }
    }

    @Test
    void aFailedRefreshKeepsTheLastKnownKeys() {
        UnreliableRecords records = new UnreliableRecords();
        KeyRegistry a = new KeyRegistry(config(0), records.inner, vertx);
        KeyRegistry b = new KeyRegistry(config(0), records, vertx);
        String secret = await(a.create(client("team-a"))).secret();
        await(b.refresh());
        records.failing.set(true);
        assertThatThrownBy(() -> await(b.refresh())).isInstanceOf(IllegalStateException.class);
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);
        assertThat(b.authenticate(ADMIN)).isInstanceOf(KeyRegistry.Granted.class);
    }

    @Test
    void aStaleReadFinishingLateDoesNotUndoANewerOne() {
        UnreliableRecords records = new UnreliableRecords();
        KeyRegistry a = new KeyRegistry(config(0), records.inner, vertx);
        KeyRegistry b = new KeyRegistry(config(0), records, vertx);
        records.hold = true;
        Future<Void> early = b.refresh(); // reads before the key exists, answers late
        Map<String, String> before = await(records.inner.all(KeyRegistry.COLLECTION));
        String secret = await(a.create(client("team-a"))).secret();
        records.hold = false;
        await(b.refresh());
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);
        records.held.remove().complete(before);
        await(early);
        assertThat(b.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);
    }

    @Test
    void unusableStoredRecordsAreSkipped() {
        InMemoryRecords records = new InMemoryRecords();
        KeyRegistry a = new KeyRegistry(config(0), records, vertx);
        String secret = await(a.create(client("team-a"))).secret();
        await(records.put(KeyRegistry.COLLECTION, "broken", "{\"id\":\"broken\",\"source\":\"runtime\",\"sha256\":\"zz\"}"));
        await(records.put(KeyRegistry.COLLECTION, "../x", "not json"));
        // a runtime record cannot take over a configured key's id
        await(records.put(KeyRegistry.COLLECTION, "ops", KeyRegistry.encode(new KeyRegistry.Entry(
                new Principal("ops", true, List.of(), KeyLimits.UNLIMITED, Map.of()), KeyRegistry.Source.RUNTIME, false,
                null, null, KeyRegistry.digest("fake-takeover-secret"), null, null))));
        await(a.refresh());
        assertThat(a.authenticate(secret)).isInstanceOf(KeyRegistry.Granted.class);
        assertThat(a.authenticate("fake-takeover-secret")).isInstanceOf(KeyRegistry.Unknown.class);
        assertThat(a.authenticate(ADMIN)).isInstanceOf(KeyRegistry.Granted.class);
        assertThat(a.entries()).extracting(KeyRegistry.Entry::id).containsExactly("app", "ops", "team-a");
    }
}
