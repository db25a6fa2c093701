package io.aimux.config;

import io.aimux.prettify.Dialects;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Refuses to start on invalid settings, logging one line per problem (named by its config.json
 * key, never its value), and refuses a non-loopback bind without client keys.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    private final AimuxConfig config;
    private final String host;
    private final boolean quarkusCors;
    private volatile boolean passed;

    public StartupChecks(AimuxConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.cors.enabled", defaultValue = "false") boolean quarkusCors) {
        this.config = config;
        this.host = host;
        this.quarkusCors = quarkusCors;
    }

    void onStart(@Observes StartupEvent event) {
        List<String> problems = new ArrayList<>(ConfigValidator.problems(config, new HashSet<>(Dialects.ids())));
        if (config.auth().keys().isEmpty() && !config.auth().allowAnonymous() && !isLoopback(host)) {
            problems.add("auth.keys: no client keys are configured, so AIMUX only listens on loopback; "
                    + "configure auth.keys or set auth.allow_anonymous to listen on " + host);
        }
        if (quarkusCors) {
            // it would answer preflights for the admin API too; the gateway's own policy covers the client routes
            problems.add("quarkus.http.cors.enabled: must stay false; allow browser origins with cors.origins");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.errorf("Invalid configuration: %s", p));
            throw new InvalidConfigurationException(problems.size() + " configuration problem(s), see above");
        }
        passed = true;
        // the tokenizer's tables load in the background, so no count_tokens request waits for them
        Thread warmup = new Thread(io.aimux.translate.TokenEstimate::warm, "aimux-tokenizer-warmup");
        warmup.setDaemon(true);
        warmup.start();
        if (config.auth().keys().isEmpty()) {
            LOG.info("No client keys configured: anonymous access, loopback only");
        }
    }

    public boolean passed() {
        return passed;
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Startup failure without a stack trace worth reading. */
    public static final class InvalidConfigurationException extends io.quarkus.runtime.configuration.ConfigurationException {
        public InvalidConfigurationException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
