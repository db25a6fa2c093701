package io.aimux.prettify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * gpt-oss harmony messages leaked as text:
 * {@code [<|start|>ROLE]<|channel|>CHANNEL [to=functions.NAME] [<|constrain|>json]<|message|>BODY<|call|>}.
 * A message addressed to a declared function (in the role or the channel part) becomes a call
 * whose arguments are the JSON body. An analysis-channel message ended by {@code <|end|>} becomes
 * reasoning when reasoning extraction is on. A final-channel header is dropped when the last span
 * extracted in this answer was a harmony message. Anything else is left as text. Headers must look
 * like headers (a few words, see {@link #plausibleHeader}), so prose naming the tokens is released
 * at once.
 */
final class HarmonyDialect implements Dialect {

    static final String ID = "harmony";
    private static final String START = "<|start|>";
    private static final String CHANNEL = "<|channel|>";
    private static final String MESSAGE = "<|message|>";
    private static final String CONSTRAIN = "<|constrain|>";
    private static final String CALL = "<|call|>";
    private static final String END = "<|end|>";
    private static final String FUNCTIONS = "functions.";
    private static final int MAX_HEADER = 256;

    private static final List<Trigger> TRIGGERS = List.of(Trigger.anywhere(START), Trigger.anywhere(CHANNEL));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Trigger> triggers() {
        return TRIGGERS;
    }

    @Override
    public boolean yieldsReasoning() {
        return true;
    }

    @Override
    public Match match(CharSequence s, int start, Trigger trigger, MatchContext ctx) {
        int n = s.length();
        int i = start + trigger.token().length();
        StringBuilder header = new StringBuilder();
        String channel = null;
        if (trigger.token().equals(START)) {
            int k = i;
            while (k < n && s.charAt(k) != '<') {
                k++;
            }
            if (k - i > MAX_HEADER || !plausibleHeader(s, i, k, -1)) {
                return Match.NOT_MARKUP;
            }
            if (k >= n) {
                return Match.NEED_MORE;
            }
            header.append(Scan.slice(s, i, k)).append(' ');
            if (Scan.startsWith(s, k, CHANNEL)) {
                i = k + CHANNEL.length();
            } else if (Scan.startsWith(s, k, MESSAGE)) {
                i = k;
                channel = "";
            } else {
                return Scan.partialAtEnd(s, k, CHANNEL) || Scan.partialAtEnd(s, k, MESSAGE)
                        ? Match.NEED_MORE : Match.NOT_MARKUP;
            }
        }
        // channel part, up to <|message|>
        int headerStart = i;
        int k = i;
        StringBuilder channelPart = new StringBuilder();
        int constrainAt = -1;
        while (true) {
            if (k - headerStart > MAX_HEADER) {
                return Match.NOT_MARKUP;
            }
            if (k >= n) {
                return plausibleHeader(channelPart, 0, channelPart.length(), constrainAt) ? Match.NEED_MORE : Match.NOT_MARKUP;
            }
            char c = s.charAt(k);
            if (c == '<') {
                if (Scan.startsWith(s, k, MESSAGE)) {
                    break;
                }
                if (Scan.startsWith(s, k, CONSTRAIN)) {
                    channelPart.append(' ');
                    constrainAt = channelPart.length();
                    k += CONSTRAIN.length();
                    continue;
                }
                return Scan.partialAtEnd(s, k, MESSAGE) || Scan.partialAtEnd(s, k, CONSTRAIN)
                        ? Match.NEED_MORE : Match.NOT_MARKUP;
            }
            channelPart.append(c);
            k++;
        }
        if (!plausibleHeader(channelPart, 0, channelPart.length(), constrainAt)) {
            return Match.NOT_MARKUP;
        }
        int bodyStart = k + MESSAGE.length();
        String recipient = null;
        List<String> roleWords = Scan.words(header);
        List<String> channelWords = Scan.words(channelPart);
        if (channel == null) {
            channel = channelWords.isEmpty() ? "" : channelWords.get(0);
        }
        for (String w : roleWords) {
            if (w.startsWith("to=")) {
                recipient = w.substring(3);
            }
        }
        for (String w : channelWords) {
            if (w.startsWith("to=")) {
                recipient = w.substring(3);
            }
        }
        if (recipient != null) {
            return call(s, bodyStart, recipient, ctx);
        }
        if (channel.equals("analysis")) {
            if (!ctx.extractReasoning()) {
                return Match.NOT_MARKUP;
            }
            int end = Scan.indexOf(s, END, bodyStart);
            if (end < 0) {
                return Match.waitFor(END, bodyStart, n);
            }
            return Match.complete(List.of(new TextPiece.Reasoning(Scan.slice(s, bodyStart, end))),
                    end + END.length());
        }
        if (channel.equals("final") && ID.equals(ctx.lastDialect())) {
            return Match.complete(List.of(), bodyStart);
        }
        return Match.NOT_MARKUP;
    }

    /**
     * A role or channel header is a few words: a name ({@code assistant}, {@code commentary}), then
     * only {@code to=RECIPIENT} and {@code json} (or any content type right after
     * {@code <|constrain|>}, which starts at {@code freeFrom}). No leading whitespace, no
     * punctuation beyond {@code _ . = : / -}.
     */
    static boolean plausibleHeader(CharSequence s, int from, int to, int freeFrom) {
        if (from < to && Scan.isWs(s.charAt(from))) {
            return false;
        }
        int words = 0;
        int k = from;
        while (k < to) {
            if (Scan.isWs(s.charAt(k))) {
                k++;
                continue;
            }
            int start = k;
            while (k < to && !Scan.isWs(s.charAt(k))) {
                char c = s.charAt(k);
                boolean ok = Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '=' || c == ':'
                        || c == '/' || c == '-';
                if (!ok) {
                    return false;
                }
                k++;
            }
            words++;
            if (words > 1 && start != freeFrom) {
                String w = s.subSequence(start, k).toString();
                boolean ok = w.startsWith("to=") || "to=".startsWith(w) || "json".startsWith(w);
                if (!ok) {
                    return false;
                }
            }
        }
        return words <= 4;
    }

    private static Match call(CharSequence s, int bodyStart, String recipient, MatchContext ctx) {
        if (!recipient.startsWith(FUNCTIONS)) {
            return Match.NOT_MARKUP;
        }
        String name = recipient.substring(FUNCTIONS.length());
        if (!ctx.isDeclared(name)) {
            return Match.NOT_MARKUP;
        }
        int n = s.length();
        int i = Scan.skipWs(s, bodyStart);
        if (i >= n) {
            return Match.NEED_MORE;
        }
        if (s.charAt(i) != '{') {
            return Match.NOT_MARKUP;
        }
        int e = JsonScan.scan(s, i);
        if (e == JsonScan.INVALID) {
            return Match.NOT_MARKUP;
        }
        if (e == JsonScan.INCOMPLETE) {
            return Match.waitFor("|>", i, n);
        }
        int j = Scan.skipWs(s, e);
        int end = Scan.expect(s, j, CALL);
        if (end == Scan.MISMATCH) {
            end = Scan.expect(s, j, END);
        }
        if (end == Scan.MORE || (end == Scan.MISMATCH && Scan.partialAtEnd(s, j, CALL))) {
            return Match.NEED_MORE;
        }
        if (end < 0) {
            return Match.NOT_MARKUP;
        }
        JsonNode args = Json.parseObject(Scan.slice(s, i, e));
        if (args == null) {
            return Match.NOT_MARKUP;
        }
        return Match.complete(List.of(new TextPiece.Call(null, name, Json.write(args), ID)), end);
    }
}
