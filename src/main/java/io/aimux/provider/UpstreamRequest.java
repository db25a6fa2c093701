package io.aimux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request ready for one provider: {@code body} is already in the provider's wire format, with
 * the upstream model name set.
 */
public record UpstreamRequest(String upstreamModel, ObjectNode body, boolean stream) {}
