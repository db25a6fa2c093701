package io.aimux.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** A model list as OpenAI- and Anthropic-type upstreams both return it: {@code {"data":[{"id":…},…]}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(List<Entry> data) {

    /** One model; everything but its id is ignored. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String id) {}

    /** The non-blank ids, in upstream order, each once. */
    public List<String> ids() {
        if (data == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(data.stream().filter(Objects::nonNull).map(Entry::id)
                .filter(id -> id != null && !id.isBlank()).toList()));
    }
}
