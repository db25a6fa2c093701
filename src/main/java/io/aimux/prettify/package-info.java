/**
 * Recovers tool calls that open models write as plain text ("prettifying").
 *
 * <p>{@link io.aimux.prettify.TextCallExtractor} is fed the answer text delta by delta and emits
 * {@link io.aimux.prettify.TextPiece}s: content, reasoning and calls. Each text format is a
 * {@link io.aimux.prettify.Dialect} listed once in {@link io.aimux.prettify.Dialects}. The rules:
 * only declared tools are extracted; markup inside code fences and inline code is content (except
 * a {@code ```json} block whose whole body is a call); markup is extracted only when complete and
 * valid, otherwise it comes back exactly as received; XML-style values are typed by the tool's
 * JSON Schema; at most {@code maxHoldBackChars} characters are held back at any time.
 *
 * <p>A leading {@code <think>}/{@code <thinking>} block is streamed as reasoning while it arrives
 * (only a possible partial closing tag is held); if the stream ends inside it, the rest is
 * reasoning too. See {@link io.aimux.prettify.TextCallExtractor}.
 */
package io.aimux.prettify;
