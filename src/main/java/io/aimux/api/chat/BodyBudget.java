package io.aimux.api.chat;

import io.aimux.api.ErrorBodies;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of chat request bodies held at once ({@code limits.max_in_flight_bytes}), so a
 * few concurrent maximum-size requests cannot exhaust the heap. A body counts from its arrival
 * until its answer ended: what the Content-Length announces is reserved before a byte of the body
 * is read; a chunked body is counted once it is read. Over the bound the request is answered 503
 * with Retry-After in the client's protocol, and the connection is closed instead of reading on.
 */
@ApplicationScoped
public class BodyBudget {

    private final long limit;
    private final long maxBody;
    private final AtomicLong held = new AtomicLong();

    public BodyBudget(AimuxConfig config) {
        this.maxBody = config.limits().maxRequestBytes();
        this.limit = config.limits().maxInFlightBytes()
                .orElse(Math.max(maxBody, Runtime.getRuntime().maxMemory() / 4));
    }

    /** Bytes of bodies held now. */
    public long held() {
        return held.get();
    }

    public long limit() {
        return limit;
    }

    /** Before the body is read: reserves what Content-Length announces. */
    void beforeBody(RoutingContext ctx, WireProtocol protocol) {
        long declared = declaredLength(ctx);
        if (declared > maxBody) {
            ctx.next(); // the body handler answers 413 without reading it
            return;
        }
        AtomicLong reserved = new AtomicLong();
        ctx.put(BodyBudget.class.getName(), reserved);
        ctx.addEndHandler(done -> held.addAndGet(-reserved.getAndSet(0)));
        if (declared > 0 && !reserve(reserved, declared)) {
            refuse(ctx, protocol);
            return;
        }
        ctx.next();
    }

    /** After the body is read: counts what arrived beyond the reservation (a chunked body). */
    void afterBody(RoutingContext ctx, WireProtocol protocol) {
        AtomicLong reserved = ctx.get(BodyBudget.class.getName());
        long length = ctx.body().buffer() == null ? 0 : ctx.body().buffer().length();
        if (reserved != null && length > reserved.get() && !reserve(reserved, length - reserved.get())) {
            refuse(ctx, protocol);
            return;
        }
        ctx.next();
    }

    private boolean reserve(AtomicLong reserved, long bytes) {
        if (held.addAndGet(bytes) > limit) {
            held.addAndGet(-bytes);
            return false;
        }
        reserved.addAndGet(bytes);
        return true;
    }

    private static long declaredLength(RoutingContext ctx) {
        String value = ctx.request().getHeader("content-length");
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0; // the HTTP codec refuses a malformed length before any route runs
        }
    }

    private static void refuse(RoutingContext ctx, WireProtocol protocol) {
        ctx.response().putHeader("connection", "close"); // the body stays unread
        ctx.response().endHandler(done -> ctx.request().connection().close());
        ErrorBodies.write(ctx.response(), protocol, new GatewayException(ErrorKind.UNAVAILABLE,
                "the gateway holds as many request bytes as limits.max_in_flight_bytes allows; retry shortly", null, 1));
    }
}
