package io.aimux.guard;

import io.aimux.state.InMemoryRecords;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stateless session cookie: issued for admin keys only, bound to the key's digest, expiring, unforgeable. */
class DashboardSessionsTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static String issue(DashboardSessions sessions, String secret) {
        DashboardSessions.Login login = sessions.login(secret);
        assertThat(login).isInstanceOf(DashboardSessions.Issued.class);
        return ((DashboardSessions.Issued) login).cookieValue();
    }

    @Test
    void adminKeysGetASessionOthersDoNot() {
        KeyRegistry keys = new KeyRegistry(KeyRegistryTest.config(0), new InMemoryRecords(), vertx);
        DashboardSessions sessions = new DashboardSessions(keys, new KeyRegistryTest.HandClock());
        String cookie = issue(sessions, KeyRegistryTest.ADMIN);
        assertThat(cookie).startsWith("ops.").doesNotContain(KeyRegistryTest.ADMIN);
        assertThat(sessions.principal(cookie).keyId()).isEqualTo("ops");
        assertThat(sessions.login(KeyRegistryTest.CLIENT)).isInstanceOf(DashboardSessions.NotAdmin.class);
        assertThat(sessions.login(KeyRegistryTest.ADMIN + "x")).isInstanceOf(DashboardSessions.Refused.class);
        assertThat(sessions.login("")).isInstanceOf(DashboardSessions.Refused.class);
    }

    @Test
    void aSessionExpiresAfterTwelveHours() {
        KeyRegistry keys = new KeyRegistry(KeyRegistryTest.config(0), new InMemoryRecords(), vertx);
        KeyRegistryTest.HandClock clock = new KeyRegistryTest.HandClock();
        DashboardSessions sessions = new DashboardSessions(keys, clock);
        String cookie = issue(sessions, KeyRegistryTest.ADMIN);
        clock.now = clock.now.plusSeconds(DashboardSessions.MAX_AGE_SECONDS - 1);
        assertThat(sessions.principal(cookie)).isNotNull();
        clock.now = clock.now.plusSeconds(1);
        assertThat(sessions.principal(cookie)).isNull();
    }

    @Test
    void changedNameExpiryOrMacIsRefused() {
        KeyRegistry keys = new KeyRegistry(KeyRegistryTest.config(0), new InMemoryRecords(), vertx);
        KeyRegistryTest.HandClock clock = new KeyRegistryTest.HandClock();
        DashboardSessions sessions = new DashboardSessions(keys, clock);
        String cookie = issue(sessions, KeyRegistryTest.ADMIN);
        String[] parts = cookie.split("\\.");
        long expiry = Long.parseLong(parts[1]);
        assertThat(sessions.principal("app." + parts[1] + "." + parts[2])).isNull();
        assertThat(sessions.principal("ops." + (expiry + 1) + "." + parts[2])).isNull();
        byte[] mac = Base64.getUrlDecoder().decode(parts[2]);
        mac[0] ^= 1;
        assertThat(sessions.principal("ops." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac)))
                .isNull();
        // a MAC made with the right key digest but a far-off expiry is still refused: no session outlives 12 hours
        long far = clock.instant().getEpochSecond() + 10 * DashboardSessions.MAX_AGE_SECONDS;
        String payload = "ops." + far;
        String forged = payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                DashboardSessions.mac(KeyRegistry.digest(KeyRegistryTest.ADMIN), payload));
        assertThat(sessions.principal(forged)).isNull();
        for (String junk : List.of("", ".", "..", "ops", "ops..", ".1.x", "ops.abc.x", "ops.1.%%%", "a".repeat(300))) {
            assertThat(sessions.principal(junk)).as(junk).isNull();
        }
    }

    @Test
    void aDisabledDeletedOrRotatedKeyEndsItsSessionsAtOnce() {
        KeyRegistry keys = new KeyRegistry(KeyRegistryTest.config(0), new InMemoryRecords(), vertx);
        DashboardSessions sessions = new DashboardSessions(keys, new KeyRegistryTest.HandClock());
        KeyRegistry.Issued created = KeyRegistryTest.await(keys.create(new KeyRegistry.NewKey("web.ops", true, List.of(),
                io.aimux.limits.KeyLimits.UNLIMITED, Map.of())));
        String cookie = issue(sessions, created.secret());
        assertThat(sessions.principal(cookie).keyId()).isEqualTo("web.ops"); // a name with a dot
        KeyRegistryTest.await(keys.setDisabled("web.ops", true));
        assertThat(sessions.principal(cookie)).isNull();
        KeyRegistryTest.await(keys.setDisabled("web.ops", false));
        assertThat(sessions.principal(cookie)).isNotNull();
        KeyRegistry.Issued rotated = KeyRegistryTest.await(keys.rotate("web.ops", 3600));
        assertThat(sessions.principal(cookie)).isNull();
        String fresh = issue(sessions, rotated.secret());
        assertThat(sessions.principal(fresh)).isNotNull();
        KeyRegistryTest.await(keys.delete("web.ops"));
        assertThat(sessions.principal(fresh)).isNull();
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
        assertThat(DashboardSessions.setCookie("v", false))
                .isEqualTo("aimux_session=v; Max-Age=43200; Path=/; HttpOnly; SameSite=Strict");
        assertThat(DashboardSessions.setCookie("v", true)).endsWith("; Secure");
        assertThat(DashboardSessions.clearCookie(false)).startsWith("aimux_session=; Max-Age=0;");
    }
}
