package io.aimux.guard;

import io.aimux.limits.KeyLimits;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tests only: a request carrying {@value #HEADER} ({@code id=action,id=action}) is served as a
 * key whose guard overrides are those, as if {@link AccessGuard} had established it.
 */
@ApplicationScoped
public class TestPrincipals {

    public static final String HEADER = "x-test-guard";

    void install(@Observes Router router) {
        router.route().order(-999).handler(ctx -> {
            String spec = ctx.request().getHeader(HEADER);
            if (spec != null) {
                Map<String, String> guard = new LinkedHashMap<>();
                for (String pair : spec.split(",")) {
                    String[] kv = pair.split("=", 2);
                    guard.put(kv[0].trim(), kv[1].trim());
                }
                ctx.put(Principal.CONTEXT_KEY, new Principal("test-key", false, List.of(), KeyLimits.UNLIMITED, guard));
            }
            ctx.next();
        });
    }
}
