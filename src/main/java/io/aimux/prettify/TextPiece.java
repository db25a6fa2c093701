package io.aimux.prettify;

/**
 * One piece of output of {@link TextCallExtractor}, in stream order.
 */
public sealed interface TextPiece {

    /** Answer text to pass on unchanged. */
    record Content(String text) implements TextPiece {}

    /**
     * Reasoning text: part of a leading {@code <think>} block (streamed in several pieces as it
     * arrives) or a harmony analysis message.
     */
    record Reasoning(String text) implements TextPiece {}

    /**
     * A tool call recovered from text.
     *
     * @param id            the call id written by the model, or {@code null} when the format has none
     * @param name          the declared tool name
     * @param argumentsJson compact JSON object text
     * @param dialect       id of the dialect that produced the call (see {@link Dialects#ids()})
     */
    record Call(String id, String name, String argumentsJson, String dialect) implements TextPiece {
        public Call(String id, String name, String argumentsJson) {
            this(id, name, argumentsJson, null);
        }
    }
}
