package io.aimux.chat;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool the client declared: its name and the JSON Schema of its arguments (may be null). */
public record ToolSpec(String name, JsonNode parameters) {}
