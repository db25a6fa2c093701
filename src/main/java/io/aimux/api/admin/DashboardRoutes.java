package io.aimux.api.admin;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code /dashboard} → {@code /dashboard/}, so relative links of the page resolve under it. */
@ApplicationScoped
public class DashboardRoutes {

    void install(@Observes Router router) {
        router.get("/dashboard").handler(ctx -> {
            if (ctx.request().path().equals("/dashboard")) {
                ctx.response().setStatusCode(302).putHeader("location", "/dashboard/").end();
            } else {
                ctx.next();
            }
        });
    }
}
