package io.aimux.control;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last good model list of each provider. A failed fetch keeps the previous list, so a vendor
 * outage does not empty {@code /v1/models}; read on the request path, written by the control plane.
 */
public final class UpstreamModelCache {

    private static final Logger LOG = Logger.getLogger(UpstreamModelCache.class);

    /** What one fetch did: the ids on success, the failure kind otherwise, and how long it took. */
    public record Fetch(List<String> models, ControlFailure failure, long latencyMillis) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private final Map<String, List<String>> lastGood = new ConcurrentHashMap<>();

    /** Fetches the list and caches it; on failure keeps what was there. Never throws. */
    public Fetch refresh(String provider, ModelListSource source) {
        long started = System.nanoTime();
        try {
            List<String> models = List.copyOf(source.fetch());
            lastGood.put(provider, models);
            return new Fetch(models, null, elapsedMillis(started));
        } catch (Exception | LinkageError e) {
            ControlFailure failure = ControlFailure.of(e);
            // debug only: an upstream without a models endpoint would otherwise log on every refresh
            LOG.debugf("model list of %s not refreshed (%s); keeping %d cached", provider, failure.label(),
                    models(provider).size());
            return new Fetch(null, failure, elapsedMillis(started));
        }
    }

    /** The cached ids, empty before the first successful fetch. */
    public List<String> models(String provider) {
        return lastGood.getOrDefault(provider, List.of());
    }

    /** How many ids are cached; empty before the first successful fetch. */
    public Optional<Integer> count(String provider) {
        return Optional.ofNullable(lastGood.get(provider)).map(List::size);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
