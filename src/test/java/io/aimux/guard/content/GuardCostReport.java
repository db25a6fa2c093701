package io.aimux.guard.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.ChatEvent;
import io.aimux.chat.ChatEventSink;
import io.aimux.chat.FinishReason;
import io.aimux.chat.WireProtocol;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports (never asserts) what the guard costs under the default policy: a 100 KB coding request
 * through the request and tool-call stages, without the clean-text cache and with it (a first
 * turn, then the same history resent with one more exchange), and a 100 KB answer streamed in
 * 8-character deltas through the answer stage. Figures depend on the machine; docs/security.md
 * quotes a few runs.
 */
class GuardCostReport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final GuardEngine ENGINE = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null);

    static final String CODE = """
            import { readFile } from '../lib/files.js';
            export async function load(path) {
              const text = await readFile(`../../data/${path}`, 'utf8'); // see http://localhost:3000/docs
              document.querySelector('#out').innerHTML = '<span class="ok">' + text.length + '</span>';
              return JSON.parse(text).items.map(item => ({ id: item.id, name: item.name, price: item.price * 1.2 }));
            }
            """;

    /** A coding conversation of about {@code bytes} of JSON whose texts all differ from those of another {@code run}. */
    static ObjectNode request(int bytes, int run) {
        ObjectNode body = JSON.createObjectNode().put("model", "mock/echo").put("max_tokens", 4096);
        body.put("system", "You are a coding agent. Use the tools to read and edit files. Session " + run + ".");
        ArrayNode messages = body.putArray("messages");
        int size = 0;
        int turn = 0;
        while (size < bytes) {
            String part = run + "." + turn;
            messages.addObject().put("role", "user").put("content", "Please look at part " + part + ":\n" + CODE);
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            ObjectNode call = assistant.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_" + turn)
                    .put("name", "Bash");
            call.putObject("input").put("command", "cd ../app && npm test -- --grep part" + part + "; cat ../src/part" + turn + ".js");
            ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                    .put("type", "tool_result").put("tool_use_id", "toolu_" + turn);
            result.put("content", "// src/part" + part + ".js\n" + CODE + CODE);
            size = body.toString().length();
            turn++;
        }
        messages.addObject().put("role", "user").put("content", "Thanks, now fix it.");
        return body;
    }

    /** {@code previous} as the agent sends it next turn: the same history plus a tool call, its result and a message. */
    static ObjectNode nextTurn(ObjectNode previous, int run) {
        ObjectNode next = previous.deepCopy();
        ArrayNode messages = next.withArray("messages");
        ObjectNode call = messages.addObject().put("role", "assistant").putArray("content").addObject()
                .put("type", "tool_use").put("id", "toolu_next").put("name", "Edit");
        call.putObject("input").put("file_path", "src/part" + run + ".js").put("new_string", "// fixed in run " + run + "\n" + CODE.replace("http://localhost:3000/docs", "docs/api.md"));
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                .put("tool_use_id", "toolu_next").put("content", "Edited src/part" + run + ".js; tests pass (" + run + ").");
        messages.addObject().put("role", "user").put("content", "Good. Now run the linter on part " + run + ".");
        return next;
    }

    @Test
    void reportCostOfA100KbRequestAndAnswer() {
        ObjectNode template = request(100_000, 0);
        int size = template.toString().length();
        // with the cache: a first turn's texts are all new; a repeat turn resends them plus a new exchange
        GuardEngine cached = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null, 20_000);
        int warmups = 30;
        int rounds = 80;
        long[] uncached = new long[rounds];
        long[] first = new long[rounds];
        long[] repeat = new long[rounds];
        // interleaved, so load from elsewhere on the machine falls on all three alike; medians, so spikes do not count
        for (int i = 0; i < warmups + rounds; i++) {
            int run = i < warmups ? 10_000 + i : i - warmups + 1; // warm-up texts never meet the timed ones
            long u = time(ENGINE, template);
            ObjectNode turn = request(100_000, run);
            long f = time(cached, turn);
            long r = time(cached, nextTurn(turn, run));
            if (i >= warmups) {
                uncached[i - warmups] = u;
                first[i - warmups] = f;
                repeat[i - warmups] = r;
            }
        }

        String answer = CODE.repeat(100_000 / CODE.length() + 1);
        for (int i = 0; i < 5; i++) {
            streamAnswer(answer);
        }
        long t0 = System.nanoTime();
        int streams = 10;
        for (int i = 0; i < streams; i++) {
            streamAnswer(answer);
        }
        double answerMs = (System.nanoTime() - t0) / 1e6 / streams;
        System.out.printf("guard cost (default policy, ms per 100 KB of a %d-byte request, median / mean): no cache %s;"
                + " clean cache: first turn %s, repeat turn %s. %d-char answer in 8-char deltas %.2f ms%n",
                size, perHundredKb(uncached, size), perHundredKb(first, size), perHundredKb(repeat, size),
                answer.length(), answerMs);
    }

    /** Nanoseconds the request and tool-call stages take over a copy of {@code request}, which they must leave as it was. */
    private static long time(GuardEngine engine, ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        long t0 = System.nanoTime();
        RequestGuard.check(copy, WireProtocol.ANTHROPIC, engine, engine.policy());
        long took = System.nanoTime() - t0;
        assertThat(copy).isEqualTo(request);
        return took;
    }

    private static String perHundredKb(long[] nanos, int bytes) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        double scale = 100_000.0 / bytes / 1e6;
        return String.format("%.2f / %.2f", sorted[sorted.length / 2] * scale, java.util.Arrays.stream(sorted).average().orElse(0) * scale);
    }

    private static void streamAnswer(String answer) {
        StringBuilder out = new StringBuilder();
        ChatEventSink sink = new ChatEventSink() {
            @Override
            public void accept(ChatEvent event) {
                if (event instanceof ChatEvent.TextDelta t) {
                    out.append(t.text());
                }
            }

            @Override
            public void end() {
            }
        };
        StreamGuard guard = new StreamGuard(sink, ENGINE, ENGINE.policy(), () -> {});
        for (int i = 0; i < answer.length(); i += 8) {
            guard.accept(new ChatEvent.TextDelta(answer.substring(i, Math.min(answer.length(), i + 8))));
        }
        guard.accept(new ChatEvent.Finish(FinishReason.STOP));
        guard.end();
        assertThat(out.toString()).isEqualTo(answer);
    }
}
