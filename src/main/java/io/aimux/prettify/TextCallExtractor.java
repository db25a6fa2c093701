package io.aimux.prettify;

import io.aimux.chat.ToolSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers tool calls (and leading reasoning) that a model wrote as plain text, from a stream of
 * text deltas, with bounded hold-back.
 *
 * <p>Text is released as {@link TextPiece.Content} as soon as it cannot be the start of markup.
 * At a position where a trigger token of an active dialect starts (or may start: a partial token
 * at the end of the held text), text is held until the dialect decides. Complete, valid markup is
 * replaced by its pieces; anything else is released exactly as received, so the concatenated
 * content of a text without complete markup equals the input, however it is chunked. No more than
 * {@code maxHoldBackChars} characters are ever held: past that the held text is released unchanged
 * and is no longer treated as markup.
 *
 * <p>Reasoning is streamed, not held. Once a leading {@code <think>} or {@code <thinking>} tag
 * (only whitespace before it) has arrived in full, the extractor is inside the reasoning block:
 * every delta is released at once as {@link TextPiece.Reasoning}, except a possible partial
 * closing tag at the end of the received text, which is held until the next delta shows whether
 * it completes. The closing tag ends the block (the tags themselves are dropped) and the text after
 * it is content, scanned for markup as usual; a message that begins with reasoning still counts as
 * starting after it (a whole-message format such as llama may follow). If the stream ends inside
 * the block, the rest of it is emitted as reasoning, not content: a thinking model cut off by its
 * token limit was still thinking, and the reasoning already streamed cannot be taken back. The
 * split of reasoning into pieces depends on the chunking; their concatenation does not.
 *
 * <p>Not thread-safe; one instance per answer.
 */
public final class TextCallExtractor {

    private static final int RELEASE = 0;
    private static final int HOLD = 1;
    private static final int TAKE = 2;
    private static final int OPEN = 3;

    private final List<Dialect> dialects;
    private final MatchContext ctx;
    private final int maxHold;
    private final String firstChars;
    private final boolean anyDialect;

    private final StringBuilder buf = new StringBuilder();
    /** Everything before pos has been released or extracted. */
    private int pos;
    /** Positions before this index are released without looking for markup (after an overflow). */
    private int suppressUntil;
    private final LineState line = new LineState();
    private boolean finished;

    /** Waits cached for the candidates at cachePos, per dialect index. */
    private int cachePos = -1;
    private final String[] waitToken;
    private final int[] waitFromRel;

    private Match.Complete taken;
    private Dialect takenBy;
    /** Set by {@link #evaluate} with {@link #OPEN}. */
    private Match.OpenReasoning opened;
    /** While inside a reasoning block: the token that ends it; null otherwise. */
    private String reasoningClose;
    /** Id of the dialect that opened the current reasoning block. */
    private String reasoningBy;

    public TextCallExtractor(List<ToolSpec> declaredTools, ExtractorSettings settings) {
        ExtractorSettings s = settings == null ? ExtractorSettings.defaults() : settings;
        this.ctx = new MatchContext(declaredTools, s.extractReasoning());
        this.maxHold = s.maxHoldBackChars();
        List<Dialect> active = new ArrayList<>();
        if (s.extractReasoning()) {
            active.add(Dialects.THINK_TAGS);
        }
        for (Dialect d : Dialects.resolve(s.dialects())) {
            if (ctx.hasTools() || (s.extractReasoning() && d.yieldsReasoning())) {
                active.add(d);
            }
        }
        this.dialects = List.copyOf(active);
        StringBuilder fc = new StringBuilder();
        for (Dialect d : dialects) {
            for (Dialect.Trigger t : d.triggers()) {
                char c = t.token().charAt(0);
                if (fc.indexOf(String.valueOf(c)) < 0) {
                    fc.append(c);
                }
            }
        }
        this.firstChars = fc.toString();
        this.anyDialect = !dialects.isEmpty();
        this.waitToken = new String[dialects.size()];
        this.waitFromRel = new int[dialects.size()];
    }

    /** Feed one text delta; append the pieces that are ready to {@code out}, in order. */
    public void accept(String delta, List<TextPiece> out) {
        if (finished) {
            throw new IllegalStateException("finish() was already called");
        }
        if (delta == null || delta.isEmpty()) {
            return;
        }
        buf.append(delta);
        process(out);
    }

    /** The stream ended: decide everything still held (incomplete markup comes back unchanged). */
    public void finish(List<TextPiece> out) {
        if (finished) {
            return;
        }
        finished = true;
        ctx.setFinished(true);
        process(out);
        if (pos < buf.length()) {
            // cannot happen: nothing is held once finished; kept as a safety net
            out.add(new TextPiece.Content(buf.substring(pos)));
            pos = buf.length();
        }
        buf.setLength(0);
        pos = 0;
    }

    /** Characters received but not yet released or extracted. */
    public long heldBackChars() {
        return buf.length() - pos;
    }

    /** Ids of the dialects this extractor looks for, in preference order (reasoning tags first). */
    public List<String> activeDialects() {
        List<String> ids = new ArrayList<>();
        for (Dialect d : dialects) {
            ids.add(d.id());
        }
        return ids;
    }

    private void process(List<TextPiece> out) {
        int releaseStart = pos;
        outer:
        while (true) {
            if (reasoningClose != null) {
                emit(out, releaseStart, pos);
                streamReasoning(out);
                releaseStart = pos;
                if (reasoningClose != null) {
                    break; // everything up to a possible partial closing tag is out
                }
            }
            while (pos < buf.length()) {
                char c = buf.charAt(pos);
                line.settle(c);
                if (pos >= suppressUntil && anyDialect) {
                    int verdict = evaluate(c);
                    if (verdict == HOLD) {
                        break;
                    }
                    if (verdict == TAKE) {
                        emit(out, releaseStart, pos);
                        out.addAll(taken.pieces());
                        boolean reasoningOnly = true;
                        for (TextPiece p : taken.pieces()) {
                            if (!(p instanceof TextPiece.Reasoning)) {
                                reasoningOnly = false;
                                break;
                            }
                        }
                        line.afterMarkup(reasoningOnly);
                        ctx.setLastDialect(takenBy.id());
                        pos = taken.end();
                        releaseStart = pos;
                        taken = null;
                        takenBy = null;
                        continue;
                    }
                    if (verdict == OPEN) {
                        emit(out, releaseStart, pos);
                        reasoningClose = opened.closeToken();
                        reasoningBy = takenBy.id();
                        pos = opened.bodyStart();
                        releaseStart = pos;
                        opened = null;
                        takenBy = null;
                        continue outer;
                    }
                }
                line.advance(c);
                pos++;
            }
            if (buf.length() - pos > maxHold) {
                // too much held: give it back unchanged and stop treating it as markup
                suppressUntil = buf.length();
                continue;
            }
            break;
        }
        if (!finished && pos == buf.length() && pos > releaseStart
                && Character.isHighSurrogate(buf.charAt(pos - 1))) {
            pos--; // keep a surrogate pair in one piece
        }
        emit(out, releaseStart, pos);
        compact();
    }

    /**
     * Inside a reasoning block: release what is certainly reasoning, and leave the block when its
     * closing tag has arrived (or the stream has ended).
     */
    private void streamReasoning(List<TextPiece> out) {
        String close = reasoningClose;
        int end = Scan.indexOf(buf, close, pos);
        if (end >= 0) {
            emitReasoning(out, pos, end);
            pos = end + close.length();
            reasoningClose = null;
            line.afterMarkup(true);
            ctx.setLastDialect(reasoningBy);
            return;
        }
        int to = buf.length();
        if (!finished) {
            to -= partialSuffix(close);
            if (to == buf.length() && to > pos && Character.isHighSurrogate(buf.charAt(to - 1))) {
                to--; // keep a surrogate pair in one piece
            }
        }
        emitReasoning(out, pos, to);
        pos = to;
        if (finished) {
            reasoningClose = null; // the stream ended inside the block: the rest was reasoning too
        }
    }

    /** Length of the longest proper prefix of {@code token} that ends the buffer after pos. */
    private int partialSuffix(String token) {
        int n = Math.min(token.length() - 1, buf.length() - pos);
        int len = buf.length();
        for (int k = n; k > 0; k--) {
            int i = 0;
            while (i < k && buf.charAt(len - k + i) == token.charAt(i)) {
                i++;
            }
            if (i == k) {
                return k;
            }
        }
        return 0;
    }

    private void emitReasoning(List<TextPiece> out, int from, int to) {
        if (to > from) {
            out.add(new TextPiece.Reasoning(buf.substring(from, to)));
        }
    }

    private void emit(List<TextPiece> out, int from, int to) {
        if (to > from) {
            out.add(new TextPiece.Content(buf.substring(from, to)));
        }
    }

    private void compact() {
        if (pos == 0) {
            return;
        }
        if (pos == buf.length()) {
            buf.setLength(0);
        } else if (pos >= 4096 && pos * 2 >= buf.length()) {
            buf.delete(0, pos);
        } else {
            return;
        }
        suppressUntil = Math.max(0, suppressUntil - pos);
        if (cachePos >= 0) {
            cachePos -= pos;
        }
        pos = 0;
    }

    /** Decide at pos: release the character, hold, or take complete markup (into {@link #taken}). */
    private int evaluate(char c) {
        if (firstChars.indexOf(c) < 0 || line.inCode()) {
            return RELEASE;
        }
        int avail = buf.length() - pos;
        for (int d = 0; d < dialects.size(); d++) {
            Dialect dialect = dialects.get(d);
            for (Dialect.Trigger t : dialect.triggers()) {
                String token = t.token();
                if (token.charAt(0) != c || !anchorAllows(t.anchor())) {
                    continue;
                }
                if (avail < token.length()) {
                    if (!finished && Scan.partialAtEnd(buf, pos, token)) {
                        return HOLD;
                    }
                    continue;
                }
                if (!Scan.startsWith(buf, pos, token)) {
                    continue;
                }
                Match m = run(d, dialect, t);
                if (m instanceof Match.Complete complete) {
                    taken = complete;
                    takenBy = dialect;
                    resetCache();
                    return TAKE;
                }
                if (m instanceof Match.OpenReasoning open) {
                    opened = open;
                    takenBy = dialect;
                    resetCache();
                    return OPEN;
                }
                if (m instanceof Match.NeedMore && !finished) {
                    return HOLD;
                }
            }
        }
        resetCache();
        return RELEASE;
    }

    private boolean anchorAllows(Dialect.Anchor anchor) {
        return switch (anchor) {
            case ANYWHERE -> !line.inRun();
            case LINE_START -> line.atLineStart();
            case MESSAGE_START -> !line.messageHasText() && !line.inRun();
        };
    }

    private Match run(int d, Dialect dialect, Dialect.Trigger t) {
        if (cachePos != pos) {
            resetCache();
            cachePos = pos;
        }
        String token = waitToken[d];
        if (token != null && !finished) {
            int from = pos + waitFromRel[d];
            if (Scan.indexOf(buf, token, from) < 0) {
                waitFromRel[d] = Math.max(waitFromRel[d], buf.length() - token.length() + 1 - pos);
                return Match.NEED_MORE;
            }
        }
        Match m;
        try {
            m = dialect.match(buf, pos, t, ctx);
        } catch (RuntimeException e) {
            m = Match.NOT_MARKUP; // a dialect must never break the stream
        }
        if (m instanceof Match.Complete complete
                && (complete.end() <= pos || complete.end() > buf.length())) {
            m = Match.NOT_MARKUP;
        }
        if (m instanceof Match.OpenReasoning open
                && (open.bodyStart() <= pos || open.bodyStart() > buf.length())) {
            m = Match.NOT_MARKUP;
        }
        if (m instanceof Match.NeedMore nm) {
            waitToken[d] = nm.waitFor();
            waitFromRel[d] = Math.max(0, nm.waitFrom() - pos);
        } else {
            waitToken[d] = null;
        }
        return m;
    }

    private void resetCache() {
        cachePos = -1;
        java.util.Arrays.fill(waitToken, null);
    }
}
