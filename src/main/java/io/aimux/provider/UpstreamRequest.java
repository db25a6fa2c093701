package io.aimux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A request ready for one provider: {@code body} is already in the provider's wire format, with
 * the upstream model name set. {@code headers} are the client headers chosen for this upstream
 * ({@code anthropic-version}, filtered {@code anthropic-beta}); providers send nothing else of the client's.
 * {@code sizeHint} is the size of the client's body in bytes (0 unknown), so the encoded body can be
 * written into one buffer of about the right size.
 */
public record UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream, Map<String, String> headers,
        int sizeHint) {

    public UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream, Map<String, String> headers) {
        this(upstreamModel, body, stream, headers, 0);
    }

    public UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream) {
        this(upstreamModel, body, stream, Map.of());
    }
}
