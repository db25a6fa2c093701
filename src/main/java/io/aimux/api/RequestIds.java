package io.aimux.api;

import io.aimux.chat.Ids;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id before anything else looks at it: the caller's {@code x-request-id}
 * when it is a plain token, else a new one. The id goes back in the {@code x-request-id} response
 * header and in error bodies, and ties the access log, the request log and traces together.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String CONTEXT_KEY = "aimux.request-id";
    /** Longest caller id kept; longer ones are replaced, not cut, so a search finds what the caller sent or nothing. */
    static final int MAX_LENGTH = 128;

    void install(@Observes Router router) {
        router.route().order(-4000).handler(RequestIds::assign);
    }

    static void assign(RoutingContext ctx) {
        String id = accepted(ctx.request().getHeader(HEADER));
        if (id == null) {
            id = Ids.random("req_", 24);
        }
        ctx.put(CONTEXT_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** The caller's id if it is 1 to {@value #MAX_LENGTH} characters of letters, digits and {@code - _ . :}. */
    static String accepted(String offered) {
        if (offered == null || offered.isEmpty() || offered.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < offered.length(); i++) {
            char c = offered.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!plain) {
                return null;
            }
        }
        return offered;
    }

    /** The id of this request; null only for a context the router never saw. */
    public static String of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }
}
