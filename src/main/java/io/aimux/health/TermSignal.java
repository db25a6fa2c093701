package io.aimux.health;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (what Kubernetes and {@code docker stop} send) starts the same graceful shutdown as
 * before, but ends with exit status 0 instead of the JVM's 143: a drained stop is a clean stop,
 * and supervisors that count non-zero exits as failures should not see one. The drain itself is
 * Quarkus' (readiness DOWN, answers in flight finish within {@code quarkus.shutdown.timeout}).
 */
@ApplicationScoped
public class TermSignal {

    private static final Logger LOG = Logger.getLogger(TermSignal.class);

    void install(@Observes StartupEvent event) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: draining, then exiting");
                Quarkus.asyncExit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGTERM handler not installed (%s): the JVM's default applies", e.getMessage());
        }
    }
}
