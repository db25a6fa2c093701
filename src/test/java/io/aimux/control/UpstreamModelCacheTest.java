package io.aimux.control;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamModelCacheTest {

    private final UpstreamModelCache cache = new UpstreamModelCache();

    @Test
    void nothingIsCachedBeforeTheFirstSuccess() {
        UpstreamModelCache.Fetch fetch = cache.refresh("p", () -> {
            throw new ProcessingException(new ConnectException("refused"));
        });
        assertThat(fetch.succeeded()).isFalse();
        assertThat(fetch.failure()).isEqualTo(ControlFailure.CONNECT);
        assertThat(cache.models("p")).isEmpty();
        assertThat(cache.count("p")).isEmpty();
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodList() {
        cache.refresh("p", () -> List.of("a", "b"));
        UpstreamModelCache.Fetch failed = cache.refresh("p", () -> {
            throw new WebApplicationException(503);
        });
        assertThat(failed.failure()).isEqualTo(ControlFailure.UPSTREAM_ERROR);
        assertThat(cache.models("p")).containsExactly("a", "b");
        assertThat(cache.count("p")).hasValue(2);
    }

    @Test
    void aSuccessfulRefreshReplacesTheListAndProvidersAreKeptApart() {
        cache.refresh("p", () -> List.of("a", "b"));
        cache.refresh("q", () -> List.of("z"));
        UpstreamModelCache.Fetch fetch = cache.refresh("p", () -> List.of("c"));
        assertThat(fetch.succeeded()).isTrue();
        assertThat(fetch.models()).containsExactly("c");
        assertThat(cache.models("p")).containsExactly("c");
        assertThat(cache.models("q")).containsExactly("z");
    }

    @Test
    void anEmptyListIsAnAnswerToo() {
        cache.refresh("p", () -> List.of("a"));
        cache.refresh("p", List::of);
        assertThat(cache.models("p")).isEmpty();
        assertThat(cache.count("p")).hasValue(0);
    }

    @Test
    void unexpectedErrorsNeverEscape() {
        cache.refresh("p", () -> List.of("a"));
        UpstreamModelCache.Fetch fetch = cache.refresh("p", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(fetch.failure()).isEqualTo(ControlFailure.OTHER);
        assertThat(cache.models("p")).containsExactly("a");
    }

    @Test
    void failuresAreClassifiedWithoutTheirText() {
        assertThat(ControlFailure.of(new WebApplicationException(401))).isEqualTo(ControlFailure.UNAUTHORIZED);
        assertThat(ControlFailure.of(new WebApplicationException(403))).isEqualTo(ControlFailure.UNAUTHORIZED);
        assertThat(ControlFailure.of(new WebApplicationException(404))).isEqualTo(ControlFailure.NOT_FOUND);
        assertThat(ControlFailure.of(new WebApplicationException(429))).isEqualTo(ControlFailure.RATE_LIMITED);
        assertThat(ControlFailure.of(new WebApplicationException(418))).isEqualTo(ControlFailure.BAD_STATUS);
        assertThat(ControlFailure.of(new ProcessingException(new SocketTimeoutException()))).isEqualTo(ControlFailure.TIMEOUT);
        assertThat(ControlFailure.of(new ProcessingException(new JsonParseException(null, "x")))).isEqualTo(ControlFailure.BAD_BODY);
        assertThat(ControlFailure.RATE_LIMITED.label()).isEqualTo("rate_limited");
    }

    @Test
    void modelListIdsAreDistinctAndNonBlank() {
        ModelList list = new ModelList(java.util.Arrays.asList(new ModelList.Entry("a"), new ModelList.Entry(" "),
                null, new ModelList.Entry(null), new ModelList.Entry("b"), new ModelList.Entry("a")));
        assertThat(list.ids()).containsExactly("a", "b");
        assertThat(new ModelList(null).ids()).isEmpty();
    }
}
