package io.aimux.guard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Dashboard sessions for browsers, which cannot put a key in the header of an EventSource. The
 * cookie is stateless, so every replica accepts it: {@code NAME.EXPIRY.MAC}, where MAC is the
 * HMAC-SHA256 of name and expiry keyed with the stored SHA-256 digest of that admin key. A key
 * that is deleted, disabled, rotated or loses its admin role invalidates its sessions at once,
 * because the digest to check against is gone or different.
 */
@ApplicationScoped
public class DashboardSessions {

    public static final String COOKIE = "aimux_session";
    /** How long a session lasts: 12 hours. */
    public static final long MAX_AGE_SECONDS = 12 * 3600;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String CONTEXT = "aimux-dashboard-session\n";

    private final KeyRegistry keys;
    private final Clock clock;

    @Inject
    public DashboardSessions(KeyRegistry keys) {
        this(keys, Clock.systemUTC());
    }

    DashboardSessions(KeyRegistry keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** What a login attempt with a presented secret led to. */
    public sealed interface Login permits Issued, NotAdmin, Refused {}

    /** @param cookieValue the value of the {@link #COOKIE} cookie */
    public record Issued(String keyId, String cookieValue) implements Login {}

    /** A valid key without the admin role. */
    public record NotAdmin() implements Login {}

    /** Unknown or disabled: the answer does not tell which. */
    public record Refused() implements Login {}

    public Login login(String presented) {
        if (presented == null || presented.isEmpty()) {
            return new Refused();
        }
        KeyRegistry.Authentication found = keys.authenticate(presented);
        if (!(found instanceof KeyRegistry.Granted granted)) {
            return new Refused();
        }
        if (!granted.principal().admin()) {
            return new NotAdmin();
        }
        KeyRegistry.Entry entry = keys.entry(granted.principal().keyId());
        if (entry == null || entry.disabled()) {
            return new Refused(); // changed between the two reads
        }
        long expiry = clock.instant().getEpochSecond() + MAX_AGE_SECONDS;
        String payload = entry.id() + "." + expiry;
        return new Issued(entry.id(), payload + "." + B64.encodeToString(mac(entry.digest(), payload)));
    }

    /** The admin principal of a valid, unexpired session cookie value; null for anything else. */
    public Principal principal(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 200) {
            return null;
        }
        // the name may hold dots itself, so split from the right
        int macDot = cookieValue.lastIndexOf('.');
        int expiryDot = macDot <= 0 ? -1 : cookieValue.lastIndexOf('.', macDot - 1);
        if (expiryDot <= 0) {
            return null;
        }
        String id = cookieValue.substring(0, expiryDot);
        String expiryText = cookieValue.substring(expiryDot + 1, macDot);
        if (!KeyRegistry.ID.matcher(id).matches() || expiryText.isEmpty() || expiryText.length() > 12
                || !expiryText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long expiry = Long.parseLong(expiryText);
        long now = clock.instant().getEpochSecond();
        if (expiry <= now || expiry > now + MAX_AGE_SECONDS) {
            return null;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(cookieValue.substring(macDot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        KeyRegistry.Entry entry = keys.entry(id);
        if (entry == null || entry.disabled() || !entry.principal().admin()) {
            return null;
        }
        byte[] expected = mac(entry.digest(), cookieValue.substring(0, macDot));
        return MessageDigest.isEqual(expected, given) ? entry.principal() : null;
    }

    static byte[] mac(byte[] keyDigest, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyDigest, "HmacSHA256"));
            return mac.doFinal((CONTEXT + payload).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The {@code Set-Cookie} value that starts a session. */
    public static String setCookie(String value, boolean secure) {
        return COOKIE + "=" + value + "; Max-Age=" + MAX_AGE_SECONDS + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends a session. */
    public static String clearCookie(boolean secure) {
        return COOKIE + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
