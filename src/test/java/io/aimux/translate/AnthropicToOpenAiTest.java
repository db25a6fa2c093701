package io.aimux.translate;

import io.aimux.testing.CorpusJson;

import static io.aimux.translate.TestJson.node;
import static io.aimux.translate.TestJson.obj;
import static io.aimux.translate.TestJson.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicToOpenAiTest {

    private static ObjectNode translate(String anthropic) {
        ObjectNode request = obj(anthropic);
        AnthropicRequestValidator.validate(request);
        ObjectNode out = AnthropicToOpenAi.request(request, "up-model");
        OpenAiRequestValidator.validate(out);
        return out;
    }

    private static ObjectNode translate(String anthropic, String model) {
        return AnthropicToOpenAi.request(obj(anthropic), model);
    }

    private static void assertSubset(JsonNode actual, String expected) {
        assertThat(CorpusJson.subsetMismatch(node(expected), actual)).as("%s", actual).isNull();
    }

    @Test
    void modelIsTheUpstreamModel() {
        ObjectNode out = translate("{'model':'p/x','max_tokens':5,'messages':[{'role':'user','content':'hi'}]}");
        assertThat(out.get("model").asText()).isEqualTo("up-model");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void systemStringBecomesLeadingSystemMessage() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'system':'Be brief.',"
                + "'messages':[{'role':'user','content':'hi'}]}");
        assertThat(out.get("messages")).isEqualTo(node(
                "[{'role':'system','content':'Be brief.'},{'role':'user','content':'hi'}]"));
    }

    @Test
    void systemBlocksBecomeOneSystemMessageInOrder() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'system':[{'type':'text','text':'A',"
                + "'cache_control':{'type':'ephemeral'}},{'type':'text','text':'B'}],"
                + "'messages':[{'role':'user','content':'hi'}]}");
        assertThat(out.get("messages")).hasSize(2);
        assertThat(out.at("/messages/0")).isEqualTo(node("{'role':'system','content':'A\\n\\nB'}"));
    }

    @Test
    void emptySystemIsNotSent() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'system':[],'messages':[{'role':'user','content':'hi'}]}");
        assertThat(out.get("messages")).hasSize(1);
    }

    @Test
    void singleTextBlockBecomesStringAndSeveralStayParts() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':["
                + "{'role':'user','content':[{'type':'text','text':'one'}]},"
                + "{'role':'assistant','content':'ok'},"
                + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]}]}");
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("one");
        assertThat(out.at("/messages/2/content")).isEqualTo(node(
                "[{'type':'text','text':'a'},{'type':'text','text':'b'}]"));
    }

    @Test
    void imagesBecomeImageUrlPartsInOrder() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':["
                + "{'type':'image','source':{'type':'base64','media_type':'image/jpeg','data':'AAAA'}},"
                + "{'type':'text','text':'and'},"
                + "{'type':'image','source':{'type':'url','url':'https://x.test/a.png'}}]}]}");
        assertThat(out.at("/messages/0/content")).isEqualTo(node("["
                + "{'type':'image_url','image_url':{'url':'data:image/jpeg;base64,AAAA'}},"
                + "{'type':'text','text':'and'},"
                + "{'type':'image_url','image_url':{'url':'https://x.test/a.png'}}]"));
    }

    @Test
    void pdfDocumentBecomesFilePartAndTextDocumentText() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':["
                + "{'type':'document','title':'report.pdf','source':{'type':'base64','media_type':'application/pdf','data':'JVBE'}},"
                + "{'type':'document','source':{'type':'text','media_type':'text/plain','data':'plain words'}}]}]}");
        assertThat(out.at("/messages/0/content")).isEqualTo(node("["
                + "{'type':'file','file':{'filename':'report.pdf','file_data':'data:application/pdf;base64,JVBE'}},"
                + "{'type':'text','text':'plain words'}]"));
    }

    @Test
    void fileSourcesCannotBeTranslated() {
        assertThatThrownBy(() -> translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':["
                + "{'type':'image','source':{'type':'file','file_id':'file_1'}}]}]}"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("messages[0].content[0].source.type");
    }

    @Test
    void toolUseBecomesToolCallsWithSameIdAndJsonArguments() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':["
                + "{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'text','text':'Sure.'},"
                + "{'type':'tool_use','id':'toolu_1','name':'f','input':{'a':[1,{'b':'ü'}]}},"
                + "{'type':'tool_use','id':'toolu_2','name':'g','input':{}}]}]}");
        JsonNode assistant = out.at("/messages/1");
        assertThat(assistant.get("content").asText()).isEqualTo("Sure.");
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("toolu_1");
        assertThat(assistant.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("f");
        assertThat(parse(assistant.at("/tool_calls/0/function/arguments").asText()))
                .isEqualTo(node("{'a':[1,{'b':'ü'}]}"));
        assertThat(assistant.at("/tool_calls/1/function/arguments").asText()).isEqualTo("{}");
    }

    @Test
    void assistantWithOnlyToolUseHasNullContent() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'f','input':{'x':1}}]}]}");
        assertThat(out.at("/messages/1/content").isNull()).isTrue();
        assertThat(out.at("/messages/1/tool_calls")).hasSize(1);
    }

    @Test
    void thinkingBlocksAreDropped() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'thinking','thinking':'hmm','signature':'sig'},"
                + "{'type':'redacted_thinking','data':'xyz'},{'type':'text','text':'Done.'}]}]}");
        assertThat(out.at("/messages/1")).isEqualTo(node("{'role':'assistant','content':'Done.'}"));
        assertThat(out.toString()).doesNotContain("hmm").doesNotContain("xyz");
    }

    @Test
    void assistantWithOnlyThinkingIsLeftOut() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'thinking','thinking':'hmm','signature':'s'}]},"
                + "{'role':'user','content':'again'}]}");
        assertThat(out.get("messages")).hasSize(2);
    }

    @Test
    void toolResultsBecomeToolMessagesBeforeTheRemainingUserText() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'tool_use','id':'a','name':'f','input':{}},"
                + "{'type':'tool_use','id':'b','name':'f','input':{}}]},"
                + "{'role':'user','content':[{'type':'text','text':'here you go'},"
                + "{'type':'tool_result','tool_use_id':'a','content':'A'},"
                + "{'type':'tool_result','tool_use_id':'b','content':[{'type':'text','text':'B1'},{'type':'text','text':'B2'}],'is_error':true}]}]}");
        assertSubset(out, "{'messages':[{'role':'user'},{'role':'assistant'},"
                + "{'role':'tool','tool_call_id':'a','content':'A'},"
                + "{'role':'tool','tool_call_id':'b','content':'B1\\nB2'},"
                + "{'role':'user','content':'here you go'}]}");
    }

    @Test
    void toolResultKeepsTextOnlyAndEmptyResultIsEmptyString() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':[{'type':'tool_use','id':'a','name':'f','input':{}},"
                + "{'type':'tool_use','id':'b','name':'f','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'a','content':["
                + "{'type':'text','text':'chart:'},{'type':'image','source':{'type':'base64','media_type':'image/png','data':'QQ'}}]},"
                + "{'type':'tool_result','tool_use_id':'b'}]}]}");
        assertThat(out.get("messages")).hasSize(4);
        assertThat(out.at("/messages/2")).isEqualTo(node("{'role':'tool','tool_call_id':'a','content':'chart:'}"));
        assertThat(out.at("/messages/3")).isEqualTo(node("{'role':'tool','tool_call_id':'b','content':''}"));
    }

    @Test
    void toolsAndToolChoices() {
        String tools = "'tools':[{'name':'f','description':'does f','input_schema':{'type':'object','properties':{'q':{'type':'string'}}}},"
                + "{'type':'web_search_20250305','name':'web_search','max_uses':3}],";
        ObjectNode out = translate("{'model':'m','max_tokens':5," + tools
                + "'tool_choice':{'type':'any','disable_parallel_tool_use':true},'messages':[{'role':'user','content':'x'}]}");
        assertThat(out.get("tools")).isEqualTo(node("[{'type':'function','function':{'name':'f','description':'does f',"
                + "'parameters':{'type':'object','properties':{'q':{'type':'string'}}}}}]"));
        assertThat(out.get("tool_choice").asText()).isEqualTo("required");
        assertThat(out.get("parallel_tool_calls").asBoolean()).isFalse();

        assertThat(translate("{'model':'m','max_tokens':5," + tools + "'tool_choice':{'type':'auto'},"
                + "'messages':[{'role':'user','content':'x'}]}").get("tool_choice").asText()).isEqualTo("auto");
        assertThat(translate("{'model':'m','max_tokens':5," + tools + "'tool_choice':{'type':'none'},"
                + "'messages':[{'role':'user','content':'x'}]}").get("tool_choice").asText()).isEqualTo("none");
        assertThat(translate("{'model':'m','max_tokens':5," + tools + "'tool_choice':{'type':'tool','name':'f'},"
                + "'messages':[{'role':'user','content':'x'}]}").get("tool_choice"))
                .isEqualTo(node("{'type':'function','function':{'name':'f'}}"));
        ObjectNode noChoice = translate("{'model':'m','max_tokens':5," + tools + "'messages':[{'role':'user','content':'x'}]}");
        assertThat(noChoice.has("tool_choice")).isFalse();
        assertThat(noChoice.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void toolChoiceIsDroppedWhenNoToolRemains() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'tools':[{'type':'bash_20250124','name':'bash'}],"
                + "'tool_choice':{'type':'auto','disable_parallel_tool_use':true},'messages':[{'role':'user','content':'x'}]}");
        assertThat(out.has("tools")).isFalse();
        assertThat(out.has("tool_choice")).isFalse();
        assertThat(out.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void samplingStopStreamAndUser() {
        ObjectNode out = translate("{'model':'m','max_tokens':77,'temperature':0.5,'top_p':0.8,'top_k':40,"
                + "'stop_sequences':['###'],'stream':true,'metadata':{'user_id':'u-1'},"
                + "'messages':[{'role':'user','content':'x'}]}");
        assertSubset(out, "{'max_tokens':77,'temperature':0.5,'top_p':0.8,'stop':['###'],'stream':true,"
                + "'stream_options':{'include_usage':true}}");
        assertThat(out.has("user")).as("a device identifier is not handed to third parties by default").isFalse();
        assertThat(out.has("safety_identifier")).isFalse();
        assertThat(out.has("top_k")).isFalse();
        assertThat(out.has("stop_sequences")).isFalse();
        assertThat(out.has("metadata")).isFalse();
    }

    @Test
    void nonStreamingRequestHasNoStreamOptions() {
        ObjectNode out = translate("{'model':'m','max_tokens':5,'stream':false,'messages':[{'role':'user','content':'x'}]}");
        assertThat(out.get("stream").asBoolean()).isFalse();
        assertThat(out.has("stream_options")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "o1, max_completion_tokens",
        "o3-mini, max_completion_tokens",
        "o4-mini, max_completion_tokens",
        "gpt-5, max_completion_tokens",
        "gpt-5-mini, max_completion_tokens",
        "gpt-4o, max_tokens",
        "gpt-4.1-mini, max_tokens",
        "omni-llama, max_tokens",
        "hf:zai-org/GLM-4.6, max_tokens",
    })
    void reasoningModelsGetMaxCompletionTokens(String model, String field) {
        ObjectNode out = translate("{'model':'m','max_tokens':64,'messages':[{'role':'user','content':'x'}]}", model);
        assertThat(out.get(field).asInt()).isEqualTo(64);
        assertThat(out.has(field.equals("max_tokens") ? "max_completion_tokens" : "max_tokens")).isFalse();
    }

    @Test
    void reasoningModelsKeepOnlyDefaultSamplingAndGetReasoningEffort() {
        ObjectNode out = translate("{'model':'m','max_tokens':9000,'temperature':0.2,'top_p':1,"
                + "'thinking':{'type':'enabled','budget_tokens':4000},'messages':[{'role':'user','content':'x'}]}", "o3");
        assertThat(out.has("temperature")).isFalse();
        assertThat(out.get("top_p").asInt()).isEqualTo(1);
        assertThat(out.get("reasoning_effort").asText()).isEqualTo("medium");

        ObjectNode other = translate("{'model':'m','max_tokens':9000,'temperature':0.2,"
                + "'thinking':{'type':'enabled','budget_tokens':4000},'messages':[{'role':'user','content':'x'}]}", "gpt-4o");
        assertThat(other.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(other.has("reasoning_effort")).isFalse();
        assertThat(other.has("thinking")).isFalse();
    }

    @Test
    void inputIsNotModified() {
        ObjectNode request = obj("{'model':'m','max_tokens':5,'system':[{'type':'text','text':'s'}],"
                + "'messages':[{'role':'user','content':[{'type':'text','text':'x'}]}]}");
        ObjectNode copy = request.deepCopy();
        AnthropicToOpenAi.request(request, "u");
        assertThat(request).isEqualTo(copy);
    }

    @Test
    void errorsAreInvalidRequest() {
        try {
            translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'document',"
                    + "'source':{'type':'url','url':'https://x.test/a.pdf'}}]}]}");
        } catch (GatewayException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.getMessage()).startsWith("messages[0].content[0].source.type");
            return;
        }
        throw new AssertionError("expected a GatewayException");
    }

    @Test
    void adaptiveThinkingOnReasoningModel() {
        ObjectNode out = translate("{'model':'m','max_tokens':100,'thinking':{'type':'adaptive'},"
                + "'messages':[{'role':'user','content':'x'}]}", "gpt-5");
        assertThat(out.get("reasoning_effort").asText()).as("Anthropic's default effort").isEqualTo("high");
        assertThat(out.get("max_completion_tokens").asInt()).isEqualTo(100);
    }
}
