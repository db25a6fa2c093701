package io.aimux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A request ready for one provider: {@code body} is already in the provider's wire format, with
 * the upstream model name set. {@code headers} are the client headers chosen for this upstream
 * ({@code anthropic-version}, filtered {@code anthropic-beta}); providers send nothing else of the client's.
 */
public record UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream, Map<String, String> headers) {

    public UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream) {
        this(upstreamModel, body, stream, Map.of());
    }
}
