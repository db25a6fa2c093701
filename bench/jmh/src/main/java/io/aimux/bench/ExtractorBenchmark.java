package io.aimux.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.chat.ToolSpec;
import io.aimux.prettify.ExtractorSettings;
import io.aimux.prettify.TextCallExtractor;
import io.aimux.prettify.TextPiece;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of {@link TextCallExtractor} on one answer of exactly 1024 characters fed in deltas of
 * 8 to 32 characters, as a streaming upstream sends them. One operation is one whole answer
 * (extractor creation, every delta, finish), so the score in ns/op is ns per KB of text.
 * {@link #baseline} only joins the same deltas, which is the least any text stage does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExtractorBenchmark {

    static final int SIZE = 1024;

    private static final String PROSE = "The forecast for the coming days looks mixed. Expect sunshine in the morning, "
            + "clouds by noon and a chance of showers in the evening; temperatures stay between 12 and 19 degrees. "
            + "If you plan to cycle, leave early and take a light jacket.\n\n";

    private static final String ANGLES = "Compare with `a < b` and `x >= y`; in shell, `cmd 2>&1 | tee out` keeps errors. "
            + "HTML like <div class=\"x\"> or <br/> is fine, so is a<b>c and [link](http://example.org) {braces} "
            + "<|not a token|> ``double `tick` code`` and [NOT_A_TAG] text <tool without call.\n";

    private static final String HERMES = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\", "
            + "\"days\": 3}}\n</tool_call>";

    private static final String QWEN3_XML = "<tool_call>\n<function=get_weather>\n<parameter=city>\nLyon\n</parameter>\n"
            + "<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>";

    /**
     * prose: plain prose with tools declared (the common case); hermes and qwen3-xml: prose ending
     * in one call; angles: prose full of {@code <} and backticks; think: a leading think block.
     */
    @Param({"prose", "hermes", "qwen3-xml", "angles", "think"})
    public String scenario;

    private List<ToolSpec> tools;
    private ExtractorSettings settings;
    private String[] chunks;

    @Setup
    public void setUp() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        tools = List.of(
                new ToolSpec("get_weather", mapper.readTree("{\"type\":\"object\",\"properties\":{"
                        + "\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}")),
                new ToolSpec("search", null));
        settings = ExtractorSettings.defaults();
        String text = text(scenario);
        chunks = split(text, new Random(1234)).toArray(new String[0]);
        List<TextPiece> out = run();
        int calls = 0;
        for (TextPiece p : out) {
            if (p instanceof TextPiece.Call) {
                calls++;
            }
        }
        int expected = scenario.equals("hermes") || scenario.equals("qwen3-xml") ? 1 : 0;
        if (text.length() != SIZE || calls != expected) {
            throw new IllegalStateException(scenario + ": " + text.length() + " chars, " + calls + " calls");
        }
    }

    /** Exactly {@link #SIZE} characters: filler prose cut to length, then the scenario's tail. */
    static String text(String scenario) {
        String head = "";
        String tail = "";
        String filler = PROSE;
        switch (scenario) {
            case "prose":
                break;
            case "hermes":
                tail = "\n" + HERMES;
                break;
            case "qwen3-xml":
                tail = "\n" + QWEN3_XML;
                break;
            case "angles":
                filler = ANGLES;
                break;
            case "think":
                head = "<think>\nThe user asks about the weather; no tool is needed for a general outlook.\n</think>\n\n";
                break;
            default:
                throw new IllegalArgumentException(scenario);
        }
        int fill = SIZE - head.length() - tail.length();
        StringBuilder sb = new StringBuilder(head);
        while (sb.length() - head.length() < fill) {
            sb.append(filler);
        }
        sb.setLength(head.length() + fill);
        return sb.append(tail).toString();
    }

    static List<String> split(String text, Random rnd) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int j = Math.min(text.length(), i + 8 + rnd.nextInt(25));
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }

    private List<TextPiece> run() {
        TextCallExtractor x = new TextCallExtractor(tools, settings);
        List<TextPiece> out = new ArrayList<>();
        for (String c : chunks) {
            x.accept(c, out);
        }
        x.finish(out);
        return out;
    }

    @Benchmark
    public List<TextPiece> extractor() {
        return run();
    }

    @Benchmark
    public String baseline() {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            sb.append(c);
        }
        return sb.toString();
    }
}
