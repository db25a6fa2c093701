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
 * through the request and tool-call stages, and a 100 KB answer streamed in 8-character deltas
 * through the answer stage. Figures depend on the machine; docs/security.md quotes one run.
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

    static ObjectNode request(int bytes) {
        ObjectNode body = JSON.createObjectNode().put("model", "mock/echo").put("max_tokens", 4096);
        body.put("system", "You are a coding agent. Use the tools to read and edit files.");
        ArrayNode messages = body.putArray("messages");
        int size = 0;
        int turn = 0;
        while (size < bytes) {
            messages.addObject().put("role", "user").put("content", "Please look at part " + turn + ":\n" + CODE);
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            ObjectNode call = assistant.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_" + turn)
                    .put("name", "Bash");
            call.putObject("input").put("command", "cd ../app && npm test -- --grep part" + turn + "; cat ../src/part" + turn + ".js");
            ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                    .put("type", "tool_result").put("tool_use_id", "toolu_" + turn);
            result.put("content", CODE + CODE);
            size = body.toString().length();
            turn++;
        }
        messages.addObject().put("role", "user").put("content", "Thanks, now fix it.");
        return body;
    }

    @Test
    void reportCostOfA100KbRequestAndAnswer() {
        ObjectNode template = request(100_000);
        int size = template.toString().length();
        for (int i = 0; i < 30; i++) {
            RequestGuard.check(template.deepCopy(), WireProtocol.ANTHROPIC, ENGINE, ENGINE.policy());
        }
        int runs = 50;
        long total = 0;
        for (int i = 0; i < runs; i++) {
            ObjectNode copy = template.deepCopy();
            long t0 = System.nanoTime();
            RequestGuard.check(copy, WireProtocol.ANTHROPIC, ENGINE, ENGINE.policy());
            total += System.nanoTime() - t0;
            assertThat(copy).isEqualTo(template);
        }
        double requestMs = total / 1e6 / runs;

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
        System.out.printf("guard cost (default policy): %d-byte request %.2f ms; %d-char answer in 8-char deltas %.2f ms%n",
                size, requestMs, answer.length(), answerMs);
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
