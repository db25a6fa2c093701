package io.aimux.translate;

import io.aimux.testing.CorpusJson;

import static io.aimux.translate.TestJson.node;
import static io.aimux.translate.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiToAnthropicTest {

    private static ObjectNode translate(String openAi) {
        ObjectNode request = obj(openAi);
        OpenAiRequestValidator.validate(request);
        ObjectNode out = OpenAiToAnthropic.request(request, "claude-x");
        AnthropicRequestValidator.validate(out);
        return out;
    }

    private static String user(String text) {
        return "{'role':'user','content':'" + text + "'}";
    }

    private static void assertSubset(JsonNode actual, String expected) {
        assertThat(CorpusJson.subsetMismatch(node(expected), actual)).as("%s", actual).isNull();
    }

    @Test
    void modelAndDefaultMaxTokens() {
        ObjectNode out = translate("{'model':'anthropic/claude','messages':[" + user("hi") + "]}");
        assertThat(out.get("model").asText()).isEqualTo("claude-x");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(out.get("messages")).isEqualTo(node("[{'role':'user','content':'hi'}]"));
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(translate("{'model':'m','max_tokens':10,'messages':[" + user("hi") + "]}")
                .get("max_tokens").asInt()).isEqualTo(10);
        assertThat(translate("{'model':'m','max_tokens':10,'max_completion_tokens':20,'messages':[" + user("hi") + "]}")
                .get("max_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void systemAndDeveloperMessagesAreJoinedIntoSystem() {
        ObjectNode out = translate("{'model':'m','messages':[{'role':'system','content':'One.'},"
                + "{'role':'developer','content':[{'type':'text','text':'Two'},{'type':'text','text':'.'}]},"
                + user("hi") + ",{'role':'system','content':'Three.'}]}");
        assertThat(out.get("system").asText()).isEqualTo("One.\n\nTwo.\n\nThree.");
        assertThat(out.get("messages")).hasSize(1);
    }

    @Test
    void noSystemWhenThereIsNone() {
        assertThat(translate("{'model':'m','messages':[" + user("hi") + "]}").has("system")).isFalse();
    }

    @Test
    void toolsGetInputSchema() {
        ObjectNode out = translate("{'model':'m','messages':[" + user("hi") + "],'tools':["
                + "{'type':'function','function':{'name':'a','description':'A','parameters':{'type':'object','properties':{'x':{'type':'integer'}},'required':['x']},'strict':true}},"
                + "{'type':'function','function':{'name':'b'}},"
                + "{'type':'function','function':{'name':'c','parameters':{'properties':{}}}}]}");
        assertThat(out.get("tools")).isEqualTo(node("["
                + "{'name':'a','description':'A','input_schema':{'type':'object','properties':{'x':{'type':'integer'}},'required':['x']}},"
                + "{'name':'b','input_schema':{'type':'object','properties':{}}},"
                + "{'name':'c','input_schema':{'type':'object','properties':{}}}]"));
        assertThat(out.has("tool_choice")).isFalse();
    }

    private static final String TOOLS = "'tools':[{'type':'function','function':{'name':'f','parameters':{'type':'object'}}}],";

    @ParameterizedTest(name = "{0} + parallel {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'auto'                                       |       | {'type':'auto'}",
        "'required'                                   |       | {'type':'any'}",
        "'none'                                       |       | {'type':'none'}",
        "{'type':'function','function':{'name':'f'}}  |       | {'type':'tool','name':'f'}",
        "'auto'                                       | false | {'type':'auto','disable_parallel_tool_use':true}",
        "'required'                                   | false | {'type':'any','disable_parallel_tool_use':true}",
        "{'type':'function','function':{'name':'f'}}  | false | {'type':'tool','name':'f','disable_parallel_tool_use':true}",
        "'none'                                       | false | {'type':'none'}",
        "                                             | false | {'type':'auto','disable_parallel_tool_use':true}",
        "'auto'                                       | true  | {'type':'auto'}",
    })
    void toolChoice(String choice, String parallel, String expected) {
        String extra = (choice == null ? "" : "'tool_choice':" + choice + ",")
                + (parallel == null ? "" : "'parallel_tool_calls':" + parallel + ",");
        ObjectNode out = translate("{'model':'m'," + TOOLS + extra + "'messages':[" + user("hi") + "]}");
        assertThat(out.get("tool_choice")).isEqualTo(node(expected));
        assertThat(out.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void noToolChoiceWithoutTools() {
        ObjectNode out = translate("{'model':'m','tool_choice':'none','parallel_tool_calls':false,'messages':[" + user("hi") + "]}");
        assertThat(out.has("tool_choice")).isFalse();
        assertThat(out.has("tools")).isFalse();
    }

    @Test
    void assistantToolCallsBecomeToolUseAfterText() {
        ObjectNode out = translate("{'model':'m'," + TOOLS + "'messages':[" + user("go") + ","
                + "{'role':'assistant','content':'Checking.','tool_calls':[{'id':'call_1','type':'function','function':{'name':'f','arguments':'{\\'a\\': 1}'}},"
                + "{'id':'call_2','type':'function','function':{'name':'f','arguments':''}}]},"
                + "{'role':'tool','tool_call_id':'call_1','content':'r1'},{'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'r2'}]}]}");
        assertThat(out.get("messages")).isEqualTo(node("[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'text','text':'Checking.'},"
                + "{'type':'tool_use','id':'call_1','name':'f','input':{'a':1}},{'type':'tool_use','id':'call_2','name':'f','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'call_1','content':'r1'},"
                + "{'type':'tool_result','tool_use_id':'call_2','content':[{'type':'text','text':'r2'}]}]}]"));
    }

    @Test
    void emptyAssistantTextProducesNoTextBlock() {
        ObjectNode out = translate("{'model':'m'," + TOOLS + "'messages':[" + user("go") + ","
                + "{'role':'assistant','content':'','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c','content':'ok'}]}");
        assertThat(out.at("/messages/1/content")).hasSize(1);
        assertThat(out.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
    }

    @Test
    void userMessageAfterToolMessagesJoinsTheirTurn() {
        ObjectNode out = translate("{'model':'m'," + TOOLS + "'messages':[" + user("go") + ","
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c','content':'ok'}," + user("and now?") + "]}");
        assertThat(out.get("messages")).hasSize(3);
        assertThat(out.at("/messages/2")).isEqualTo(node("{'role':'user','content':["
                + "{'type':'tool_result','tool_use_id':'c','content':'ok'},{'type':'text','text':'and now?'}]}"));
    }

    @Test
    void consecutiveSameRoleTurnsAreMerged() {
        ObjectNode out = translate("{'model':'m','messages':[" + user("one") + "," + user("two") + ","
                + "{'role':'assistant','content':'a'},{'role':'assistant','content':[{'type':'text','text':'b'}]}," + user("three") + "]}");
        assertThat(out.get("messages")).isEqualTo(node("["
                + "{'role':'user','content':[{'type':'text','text':'one'},{'type':'text','text':'two'}]},"
                + "{'role':'assistant','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]},"
                + "{'role':'user','content':'three'}]"));
    }

    @Test
    void unparsableArgumentsAreRejected() {
        assertThatThrownBy(() -> translate("{'model':'m','messages':[" + user("go") + ","
                + "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{oops'}}]}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("messages[1].tool_calls[0].function.arguments: not valid JSON");
        assertThatThrownBy(() -> translate("{'model':'m','messages':[" + user("go") + ","
                + "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'[1]'}}]}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void imagesFromDataAndHttpUrls() {
        ObjectNode out = translate("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'image_url','image_url':{'url':'data:image/webp;base64,UklG'}},"
                + "{'type':'image_url','image_url':{'url':'http://x.test/a.gif','detail':'low'}},{'type':'text','text':'?'}]}]}");
        assertThat(out.at("/messages/0/content")).isEqualTo(node("["
                + "{'type':'image','source':{'type':'base64','media_type':'image/webp','data':'UklG'}},"
                + "{'type':'image','source':{'type':'url','url':'http://x.test/a.gif'}},{'type':'text','text':'?'}]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://x.test/a.png | unsupported URL",
        "data:image/png,rawbytes | must be base64",
        "data:;base64,AAAA | no media type",
    })
    void badImageUrlsAreRejected(String url, String fragment) {
        assertThatThrownBy(() -> translate("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'image_url','image_url':{'url':'" + url + "'}}]}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("messages[0].content[0].image_url.url")
                .hasMessageContaining(fragment);
    }

    @Test
    void pdfFileBecomesDocument() {
        ObjectNode out = translate("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'file','file':{'filename':'a.pdf','file_data':'data:application/pdf;base64,JVBERi0='}}]}]}");
        assertThat(out.at("/messages/0/content/0")).isEqualTo(node("{'type':'document','source':{'type':'base64',"
                + "'media_type':'application/pdf','data':'JVBERi0='},'title':'a.pdf'}"));
    }

    @Test
    void audioIsRejected() {
        assertThatThrownBy(() -> translate("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'input_audio','input_audio':{'data':'AAAA','format':'wav'}}]}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("messages[0].content[0].type: audio input");
    }

    @Test
    void samplingStopStreamAndUser() {
        ObjectNode out = translate("{'model':'m','temperature':0.4,'top_p':0.9,'stop':['a','b'],'stream':true,"
                + "'stream_options':{'include_usage':true},'user':'u-7','n':1,'seed':3,'frequency_penalty':0.1,"
                + "'presence_penalty':0.1,'logprobs':false,'store':false,'service_tier':'auto','logit_bias':{},"
                + "'messages':[" + user("hi") + "]}");
        assertSubset(out, "{'temperature':0.4,'top_p':0.9,'stop_sequences':['a','b'],'stream':true,'metadata':{'user_id':'u-7'}}");
        for (String field : new String[] {"stream_options", "user", "n", "seed", "frequency_penalty", "presence_penalty",
                "logprobs", "store", "service_tier", "logit_bias", "stop"}) {
            assertThat(out.has(field)).as(field).isFalse();
        }
    }

    @Test
    void temperatureIsClampedToAnthropicRange() {
        assertThat(translate("{'model':'m','temperature':1.7,'messages':[" + user("hi") + "]}")
                .get("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void stopStringAndWhitespaceOnlyStops() {
        assertThat(translate("{'model':'m','stop':'END','messages':[" + user("hi") + "]}").get("stop_sequences"))
                .isEqualTo(node("['END']"));
        assertThat(translate("{'model':'m','stop':['\\n','END'],'messages':[" + user("hi") + "]}").get("stop_sequences"))
                .isEqualTo(node("['END']"));
        assertThat(translate("{'model':'m','stop':'\\n','messages':[" + user("hi") + "]}").has("stop_sequences")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"minimal, 1024", "low, 1024", "medium, 4096", "high, 16384"})
    void reasoningEffortEnablesThinking(String effort, int budget) {
        ObjectNode out = translate("{'model':'m','max_tokens':20000,'temperature':0.3,'reasoning_effort':'" + effort
                + "','messages':[" + user("hi") + "]}");
        assertThat(out.get("thinking")).isEqualTo(node("{'type':'enabled','budget_tokens':" + budget + "}"));
        assertThat(out.get("max_tokens").asInt()).as("the client's ceiling is kept").isEqualTo(20000);
        assertThat(out.has("reasoning_effort")).isFalse();
        assertThat(out.has("temperature")).as("thinking requires default temperature").isFalse();
    }

    @Test
    void largeMaxTokensIsKeptWithThinking() {
        ObjectNode out = translate("{'model':'m','max_tokens':30000,'reasoning_effort':'high','messages':[" + user("hi") + "]}");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(30000);
    }

    @Test
    void noThinkingWhenToolUseIsForcedOrInsideAToolLoop() {
        assertThat(translate("{'model':'m'," + TOOLS + "'tool_choice':'required','reasoning_effort':'low','messages':["
                + user("hi") + "]}").has("thinking")).isFalse();
        assertThat(translate("{'model':'m'," + TOOLS + "'reasoning_effort':'low','messages':[" + user("go") + ","
                + "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c','content':'ok'}]}").has("thinking")).isFalse();
        assertThat(translate("{'model':'m','reasoning_effort':'none','messages':[" + user("hi") + "]}").has("thinking")).isFalse();
    }

    @Test
    void responseFormatIsEmulatedInSystem() {
        ObjectNode out = translate("{'model':'m','response_format':{'type':'json_schema','json_schema':{'name':'x',"
                + "'schema':{'type':'object','properties':{'a':{'type':'integer'}}}}},"
                + "'messages':[{'role':'system','content':'Be exact.'}," + user("hi") + "]}");
        assertThat(out.has("response_format")).isFalse();
        assertThat(out.get("system").asText()).startsWith("Be exact.\n\nRespond with only a JSON object matching this JSON Schema")
                .contains("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
        ObjectNode object = translate("{'model':'m','response_format':{'type':'json_object'},'messages':[" + user("hi") + "]}");
        assertThat(object.get("system").asText()).contains("JSON object");
        ObjectNode text = translate("{'model':'m','response_format':{'type':'text'},'messages':[" + user("hi") + "]}");
        assertThat(text.has("system")).isFalse();
    }

    @Test
    void legacyFunctionsAndFunctionMessages() {
        ObjectNode out = translate("{'model':'m','functions':[{'name':'f','parameters':{'type':'object'}}],"
                + "'function_call':{'name':'f'},'messages':[" + user("go") + ","
                + "{'role':'assistant','content':null,'function_call':{'name':'f','arguments':'{\\'q\\':1}'}},"
                + "{'role':'function','name':'f','content':'done'}]}");
        assertThat(out.get("tools")).isEqualTo(node("[{'name':'f','input_schema':{'type':'object'}}]"));
        assertThat(out.get("tool_choice")).isEqualTo(node("{'type':'tool','name':'f'}"));
        String id = out.at("/messages/1/content/0/id").asText();
        assertThat(id).isNotEmpty();
        assertThat(out.at("/messages/1/content/0/input")).isEqualTo(node("{'q':1}"));
        assertThat(out.at("/messages/2/content/0")).isEqualTo(node("{'type':'tool_result','tool_use_id':'" + id + "','content':'done'}"));
    }

    @Test
    void refusalPartsBecomeText() {
        ObjectNode out = translate("{'model':'m','messages':[" + user("a") + ",{'role':'assistant','content':["
                + "{'type':'refusal','refusal':'No.'}]}," + user("b") + "]}");
        assertThat(out.at("/messages/1")).isEqualTo(node("{'role':'assistant','content':'No.'}"));
    }

    @Test
    void inputIsNotModified() {
        ObjectNode request = obj("{'model':'m','messages':[{'role':'system','content':'s'}," + user("x") + "],"
                + "'tools':[{'type':'function','function':{'name':'f','parameters':{'properties':{}}}}]}");
        ObjectNode copy = request.deepCopy();
        OpenAiToAnthropic.request(request, "u");
        assertThat(request).isEqualTo(copy);
    }

    @Test
    void onlySystemMessagesAreRejected() {
        assertThatThrownBy(() -> translate("{'model':'m','messages':[{'role':'system','content':'s'}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("messages: at least one user or assistant message");
    }

    @Test
    void dataUrlMediaTypeIsNormalised() {
        ObjectNode out = translate("{'model':'m','messages':[{'role':'user','content':["
                + "{'type':'image_url','image_url':{'url':'data:image/JPG;name=a.jpg;base64,/9j/'}}]}]}");
        assertThat(out.at("/messages/0/content/0/source")).isEqualTo(node(
                "{'type':'base64','media_type':'image/jpeg','data':'/9j/'}"));
    }

    @Test
    void theClientsCeilingIsNeverRaisedForThinking() {
        // max_completion_tokens includes reasoning: the budget shrinks to fit under it
        ObjectNode out = translate("{'model':'m','max_completion_tokens':5000,'reasoning_effort':'high','messages':[" + user("hi") + "]}");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(5000);
        assertThat(out.path("thinking").path("budget_tokens").asInt()).isEqualTo(4999);
        // too small for the smallest budget: no thinking rather than a larger answer than asked for
        ObjectNode small = translate("{'model':'m','max_tokens':600,'reasoning_effort':'high','messages':[" + user("hi") + "]}");
        assertThat(small.get("max_tokens").asInt()).isEqualTo(600);
        assertThat(small.has("thinking")).isFalse();
    }

    @Test
    void adaptiveModelsGetAdaptiveThinkingWithTheEffort() {
        ObjectNode out = OpenAiToAnthropic.request((ObjectNode) node("{'model':'m','max_tokens':20000,'reasoning_effort':'low','messages':["
                + user("hi") + "]}"), "claude-opus-4-7", new UpstreamFeatures(true, true, true, "adaptive", false, null), f -> { });
        assertThat(out.get("thinking")).isEqualTo(node("{'type':'adaptive'}"));
        assertThat(out.get("output_config")).isEqualTo(node("{'effort':'low'}"));
        assertThat(out.get("max_tokens").asInt()).isEqualTo(20000);
    }
}
