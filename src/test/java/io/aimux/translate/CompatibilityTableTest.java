package io.aimux.translate;

import static io.aimux.translate.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the policy tables of docs/compatibility.md and checks every row against the translators:
 * a row whose behaviour changes, or a new row without a sample here, fails.
 *
 * <p>Each field has a sample request fragment. "mapped → X" means the output's X differs from the
 * output for the same fragment without the field; "dropped" that the field was reported and left
 * no trace; "applied" that it was carried out (not reported, not present); "refused" that the
 * translation throws a 400 naming the field. In the passthrough column, "relayed" means no host
 * feature changes the field; "adapted" that a first-party host gets it unchanged and a basic one
 * a rewritten version.
 */
class CompatibilityTableTest {

    private static final Path DOC = Path.of("docs/compatibility.md");
    private static final String TARGET = "up-model";
    private static final String MARK = "MARK-7f3a";
    /** OpenAI-type target that reasons, so thinking maps; Anthropic-type host with every feature. */
    private static final UpstreamFeatures REASONING = new UpstreamFeatures(false, false, false, "adaptive", false, null);
    private static final UpstreamFeatures FIRST_PARTY = new UpstreamFeatures(true, true, true, null, true, null);
    private static final UpstreamFeatures LIMITED = new UpstreamFeatures(false, false, false, "budget", false, null);

    private static final String TOOL = "{'name':'read_file','description':'reads','input_schema':{'type':'object',"
            + "'properties':{'path':{'type':'string'}}}}";
    private static final String OPENAI_TOOL = "{'type':'function','function':{'name':'read_file','parameters':{'type':'object'}}}";

    /** Sample fragments for Anthropic request fields, merged into a minimal request. */
    private static final Map<String, String> ANTHROPIC_SAMPLES = Map.ofEntries(
            Map.entry("model", "{}"),
            Map.entry("messages", "{'messages':[{'role':'user','content':'" + MARK + "'}]}"),
            Map.entry("max_tokens", "{'max_tokens':777}"),
            Map.entry("system", "{'system':[{'type':'text','text':'x-anthropic-billing-header: cc_version=1;'},{'type':'text','text':'" + MARK + "'}]}"),
            Map.entry("metadata.user_id", "{'metadata':{'user_id':'" + MARK + "'}}"),
            Map.entry("stop_sequences", "{'stop_sequences':['###']}"),
            Map.entry("stream", "{'stream':true}"),
            Map.entry("temperature", "{'temperature':0.3}"),
            Map.entry("top_p", "{'top_p':0.5}"),
            Map.entry("top_k", "{'top_k':5}"),
            Map.entry("tools", "{'tools':[" + TOOL + ",{'name':'later','input_schema':{'type':'object'},'defer_loading':true}]}"),
            Map.entry("tool_choice", "{'tools':[" + TOOL + "],'tool_choice':{'type':'any','disable_parallel_tool_use':true}}"),
            Map.entry("thinking", "{'max_tokens':20000,'thinking':{'type':'adaptive'}}"),
            Map.entry("output_config.effort", "{'max_tokens':20000,'thinking':{'type':'adaptive'},'output_config':{'effort':'low'}}"),
            Map.entry("output_config.format", "{'output_config':{'format':{'type':'json_schema','schema':{'type':'object'}}}}"),
            Map.entry("output_format", "{'output_format':{'type':'json_schema','schema':{'type':'object'}}}"),
            Map.entry("cache_control", "{'cache_control':{'type':'ephemeral'}}"),
            Map.entry("context_management", "{'context_management':{'edits':[{'type':'clear_tool_uses_20250919',"
                    + "'trigger':{'type':'tool_uses','value':0},'keep':{'type':'tool_uses','value':0}}]},"
                    + "'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'read_file','input':{}}]},"
                    + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'" + MARK + "'}]}]}"),
            Map.entry("service_tier", "{'service_tier':'auto'}"),
            Map.entry("container", "{'container':'" + MARK + "'}"),
            Map.entry("speed", "{'speed':'fast'}"),
            Map.entry("diagnostics", "{'diagnostics':{'previous_message_id':'" + MARK + "'}}"),
            Map.entry("fallbacks", "{'fallbacks':'default'}"),
            Map.entry("mcp_servers", "{'mcp_servers':[{'type':'url','name':'x','url':'https://example.invalid'}]}"),
            Map.entry("inference_geo", "{'inference_geo':'us'}"),
            Map.entry("any other field", "{'future_field':'" + MARK + "'}"));

    /** Sample user/assistant messages for the block table. */
    private static final Map<String, String> BLOCK_SAMPLES = Map.ofEntries(
            Map.entry("system", "[{'role':'user','content':'hi'},{'role':'system','content':'" + MARK + "'}]"),
            Map.entry("text", "[{'role':'user','content':[{'type':'text','text':'" + MARK + "'}]}]"),
            Map.entry("image", "[{'role':'user','content':[{'type':'image','source':{'type':'url','url':'https://x/" + MARK + ".png'}}]}]"),
            Map.entry("document", "[{'role':'user','content':[{'type':'document','source':{'type':'base64','media_type':'application/pdf','data':'" + MARK + "'}}]}]"),
            Map.entry("search_result", "[{'role':'user','content':[{'type':'search_result','source':'s','title':'t','content':[{'type':'text','text':'" + MARK + "'}]}]}]"),
            Map.entry("tool_use", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'read_file','input':{'path':'" + MARK + "'}}]}]"),
            Map.entry("tool_result", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'read_file','input':{}}]},"
                    + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'" + MARK + "'}]}]"),
            Map.entry("tool_reference", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'ToolSearch','input':{}}]},"
                    + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'tool_reference','tool_name':'" + MARK + "'}]}]}]"),
            Map.entry("thinking", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'thinking','thinking':'" + MARK + "','signature':'s'},{'type':'text','text':'ok'}]},{'role':'user','content':'more'}]"),
            Map.entry("redacted_thinking", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'redacted_thinking','data':'" + MARK + "'},{'type':'text','text':'ok'}]},{'role':'user','content':'more'}]"),
            Map.entry("server_tool_use", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'server_tool_use','id':'s1','name':'web_search','input':{'q':'" + MARK + "'}},{'type':'text','text':'ok'}]},{'role':'user','content':'more'}]"),
            Map.entry("web_search_tool_result", "[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'web_search_tool_result','tool_use_id':'s1','content':[{'type':'web_search_result','url':'" + MARK + "'}]},{'type':'text','text':'ok'}]},{'role':'user','content':'more'}]"),
            Map.entry("container_upload", "[{'role':'user','content':[{'type':'container_upload','file_id':'" + MARK + "'},{'type':'text','text':'hi'}]}]"),
            Map.entry("any other block", "[{'role':'user','content':[{'type':'hologram','data':'" + MARK + "'}]}]"));

    private static final Map<String, String> OPENAI_SAMPLES = Map.ofEntries(
            Map.entry("model", "{}"),
            Map.entry("messages", "{'messages':[{'role':'user','content':'" + MARK + "'}]}"),
            Map.entry("max_completion_tokens", "{'max_completion_tokens':777}"),
            Map.entry("max_tokens", "{'max_tokens':777}"),
            Map.entry("temperature", "{'temperature':0.3}"),
            Map.entry("top_p", "{'top_p':0.5}"),
            Map.entry("top_k", "{'top_k':5}"),
            Map.entry("stop", "{'stop':['###']}"),
            Map.entry("stream", "{'stream':true}"),
            Map.entry("stream_options", "{'stream':true,'stream_options':{'include_usage':true}}"),
            Map.entry("user", "{'user':'" + MARK + "'}"),
            Map.entry("safety_identifier", "{'safety_identifier':'" + MARK + "'}"),
            Map.entry("reasoning_effort", "{'max_tokens':20000,'reasoning_effort':'high'}"),
            Map.entry("tools", "{'tools':[" + OPENAI_TOOL + "]}"),
            Map.entry("tool_choice", "{'tools':[" + OPENAI_TOOL + "],'tool_choice':'required'}"),
            Map.entry("parallel_tool_calls", "{'tools':[" + OPENAI_TOOL + "],'parallel_tool_calls':false}"),
            Map.entry("functions", "{'functions':[{'name':'read_file','parameters':{'type':'object'}}]}"),
            Map.entry("function_call", "{'functions':[{'name':'read_file','parameters':{'type':'object'}}],'function_call':{'name':'read_file'}}"),
            Map.entry("response_format", "{'response_format':{'type':'json_object'}}"),
            Map.entry("n", "{'n':2}"),
            Map.entry("modalities", "{'modalities':['text','audio']}"),
            Map.entry("audio", "{'audio':{'voice':'alloy','format':'wav'}}"),
            Map.entry("logprobs", "{'logprobs':true}"),
            Map.entry("top_logprobs", "{'logprobs':true,'top_logprobs':2}"),
            Map.entry("logit_bias", "{'logit_bias':{'50256':-100}}"),
            Map.entry("seed", "{'seed':7}"),
            Map.entry("frequency_penalty", "{'frequency_penalty':0.5}"),
            Map.entry("presence_penalty", "{'presence_penalty':0.5}"),
            Map.entry("store", "{'store':true}"),
            Map.entry("metadata", "{'metadata':{'tag':'" + MARK + "'}}"),
            Map.entry("service_tier", "{'service_tier':'flex'}"),
            Map.entry("prompt_cache_key", "{'prompt_cache_key':'" + MARK + "'}"),
            Map.entry("prompt_cache_retention", "{'prompt_cache_retention':'24h'}"),
            Map.entry("verbosity", "{'verbosity':'low'}"),
            Map.entry("prediction", "{'prediction':{'type':'content','content':'" + MARK + "'}}"),
            Map.entry("web_search_options", "{'web_search_options':{}}"),
            Map.entry("any other field", "{'future_field':'" + MARK + "'}"));

    record Row(String field, String translated, String passthrough) {
        String policy() {
            return translated.split("[ :;,]")[0];
        }

        /** The first backticked name after the arrow of a "mapped → `x`" cell. */
        String target() {
            int arrow = translated.indexOf('→');
            int open = translated.indexOf('`', arrow);
            return translated.substring(open + 1, translated.indexOf('`', open + 1));
        }

        @Override
        public String toString() {
            return field;
        }
    }

    static List<Row> table(String heading) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new IllegalStateException("docs/compatibility.md is missing", e);
        }
        int at = lines.indexOf(heading);
        assertThat(at).as("heading %s in docs/compatibility.md", heading).isNotNegative();
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\|");
            String first = cells[1].trim();
            if (first.equals("field") || first.equals("block") || first.startsWith("---")) {
                continue;
            }
            String field = first.startsWith("`") ? first.substring(1, first.indexOf('`', 1)) : first;
            rows.add(new Row(field, cells[2].trim(),
                    cells.length > 3 ? cells[3].trim() : ""));
        }
        return rows;
    }

    static List<Row> anthropicFields() {
        return table("## Anthropic Messages requests");
    }

    static List<Row> anthropicBlocks() {
        return table("### Roles and content blocks (Anthropic → OpenAI)");
    }

    static List<Row> openAiFields() {
        return table("## OpenAI Chat Completions requests");
    }

    @Test
    void everyRowHasASampleAndEverySampleARow() {
        assertThat(names(anthropicFields())).containsExactlyInAnyOrderElementsOf(ANTHROPIC_SAMPLES.keySet());
        assertThat(names(anthropicBlocks())).containsExactlyInAnyOrderElementsOf(BLOCK_SAMPLES.keySet());
        assertThat(names(openAiFields())).containsExactlyInAnyOrderElementsOf(OPENAI_SAMPLES.keySet());
    }

    private static Set<String> names(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.add(r.field()));
        return names;
    }

    // ---- Anthropic → OpenAI

    @ParameterizedTest
    @MethodSource("anthropicFields")
    void anthropicFieldTranslatesAsDocumented(Row row) {
        ObjectNode sample = merge("{'model':'client-model','max_tokens':100,'messages':[{'role':'user','content':'hi'}]}",
                ANTHROPIC_SAMPLES.get(row.field()));
        String field = row.field().equals("any other field") ? "future_field" : row.field();
        check(row, field, sample, without(sample, field), AnthropicRequestValidator::validate,
                r -> AnthropicToOpenAi.request(r, TARGET, REASONING, dropped::add));
    }

    @ParameterizedTest
    @MethodSource("anthropicFields")
    void anthropicFieldIsRelayedOrAdaptedAsDocumented(Row row) {
        ObjectNode sample = merge("{'model':'m','max_tokens':100,'messages':[{'role':'user','content':'hi'}]}",
                ANTHROPIC_SAMPLES.get(row.field()));
        String field = row.field().equals("any other field") ? "future_field" : row.field();
        String first = row.passthrough().split("[ :;,]")[0];
        ObjectNode firstParty = sample.deepCopy();
        AnthropicToAnthropic.adapt(firstParty, FIRST_PARTY, f -> { });
        assertThat(firstParty).as("a host with every feature gets %s as sent", field).isEqualTo(sample);
        ObjectNode limited = sample.deepCopy();
        AnthropicToAnthropic.adapt(limited, LIMITED, f -> { });
        switch (first) {
            case "relayed" -> assertThat(at(limited, field)).as("%s is relayed to every host", field).isEqualTo(at(sample, field));
            case "adapted" -> assertThat(limited).as("%s is rewritten for a host without the feature", field).isNotEqualTo(sample);
            default -> throw new AssertionError("unknown passthrough policy '" + first + "' for " + field);
        }
    }

    @ParameterizedTest
    @MethodSource("anthropicBlocks")
    void anthropicBlockTranslatesAsDocumented(Row row) {
        ObjectNode request = obj("{'model':'m','max_tokens':100,'messages':" + BLOCK_SAMPLES.get(row.field()) + "}");
        switch (row.policy()) {
            case "mapped" -> {
                String messages = toOpenAi(request).get("messages").toString();
                assertThat(messages).as("the content of a %s block reaches the upstream", row.field()).contains(MARK);
                if (!row.target().equals("text")) {
                    assertThat(messages).as("as %s", row.target()).contains("\"" + row.target() + "\"");
                }
            }
            case "dropped" -> assertThat(toOpenAi(request).get("messages").toString()).doesNotContain(MARK);
            case "refused" -> assertThatThrownBy(() -> toOpenAi(request)).isInstanceOf(GatewayException.class)
                    .hasMessageContaining("type");
            default -> throw new AssertionError("unknown policy for block " + row.field());
        }
    }

    private ObjectNode toOpenAi(ObjectNode request) {
        AnthropicRequestValidator.validate(request);
        return AnthropicToOpenAi.request(request, TARGET, REASONING, dropped::add);
    }

    // ---- OpenAI → Anthropic

    @ParameterizedTest
    @MethodSource("openAiFields")
    void openAiFieldTranslatesAsDocumented(Row row) {
        ObjectNode sample = merge("{'model':'client-model','messages':[{'role':'user','content':'hi'}]}",
                OPENAI_SAMPLES.get(row.field()));
        String field = row.field().equals("any other field") ? "future_field" : row.field();
        check(row, field, sample, without(sample, field), OpenAiRequestValidator::validate,
                r -> OpenAiToAnthropic.request(r, TARGET, UpstreamFeatures.BASIC, dropped::add));
        assertThat(row.passthrough()).as("OpenAI-type upstreams get every field as sent").startsWith("relayed");
    }

    // ---- shared

    private final List<String> dropped = new ArrayList<>();

    /** {@code baseline} (the sample without the field) is translated unchecked: the field may be required. */
    private void check(Row row, String field, ObjectNode sample, ObjectNode baseline,
            java.util.function.Consumer<JsonNode> validate, java.util.function.Function<ObjectNode, ObjectNode> translate) {
        if (!row.policy().equals("refused")) {
            validate.accept(sample);
        }
        switch (row.policy()) {
            case "mapped" -> {
                ObjectNode out = translate.apply(sample);
                assertThat(dropped).as("%s is not reported as dropped", field).doesNotContain(field);
                String target = row.target();
                assertThat(out.has(target)).as("%s maps to %s", field, target).isTrue();
                if (field.equals("model")) {
                    assertThat(out.get("model").asText()).isEqualTo(TARGET);
                } else {
                    JsonNode without;
                    try {
                        without = translate.apply(baseline).get(target);
                    } catch (GatewayException required) {
                        without = null; // the request cannot exist without the field
                    }
                    assertThat(out.get(target)).as("%s changes %s", field, target).isNotEqualTo(without);
                }
            }
            case "dropped" -> {
                ObjectNode out = translate.apply(sample);
                assertThat(dropped).as("%s is reported as dropped", field).contains(field);
                assertThat(out.has(field.contains(".") ? "-" : field)).isFalse();
                assertThat(out.toString()).as("no trace of %s reaches the upstream", field).doesNotContain(MARK);
            }
            case "applied" -> {
                ObjectNode out = translate.apply(sample);
                assertThat(dropped).as("%s is carried out, not dropped", field).doesNotContain(field);
                assertThat(out.has(field)).isFalse();
                if (sample.toString().contains(MARK)) {
                    assertThat(out.toString()).as("%s took effect", field).doesNotContain(MARK);
                }
            }
            case "refused" -> assertThatThrownBy(() -> {
                validate.accept(sample);
                translate.apply(sample);
            }).isInstanceOf(GatewayException.class).hasMessageStartingWith(field + ":");
            default -> throw new AssertionError("unknown policy '" + row.policy() + "' for " + field);
        }
    }

    private static ObjectNode merge(String base, String fragment) {
        ObjectNode out = obj(base);
        obj(fragment).fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }

    /** The sample without the field ({@code a.b} removes b from a). */
    private static ObjectNode without(ObjectNode sample, String field) {
        ObjectNode copy = sample.deepCopy();
        int dot = field.indexOf('.');
        if (dot < 0) {
            copy.remove(field);
        } else if (copy.get(field.substring(0, dot)) instanceof ObjectNode parent) {
            parent.remove(field.substring(dot + 1));
        }
        return copy;
    }

    private static JsonNode at(JsonNode node, String field) {
        int dot = field.indexOf('.');
        return dot < 0 ? node.get(field) : node.path(field.substring(0, dot)).get(field.substring(dot + 1));
    }
}
