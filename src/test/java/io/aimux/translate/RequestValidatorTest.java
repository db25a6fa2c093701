package io.aimux.translate;

import static io.aimux.translate.TestJson.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    private static final String OA_MSG = "'messages':[{'role':'user','content':'hi'}]";
    private static final String AN_MSG = "'max_tokens':10,'messages':[{'role':'user','content':'hi'}]";

    private static void rejects(Consumer<JsonNode> validator, JsonNode body, String fragment) {
        assertThatThrownBy(() -> validator.accept(body))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining(fragment);
    }

    // ------------------------------------------------------------ OpenAI

    static Stream<Arguments> badOpenAi() {
        return Stream.of(
            Arguments.of("[1,2]", "request body must be a JSON object"),
            Arguments.of("{" + OA_MSG + "}", "model: required"),
            Arguments.of("{'model':5," + OA_MSG + "}", "model: must be a string"),
            Arguments.of("{'model':'  '," + OA_MSG + "}", "model: must not be empty"),
            Arguments.of("{'model':'a\\u0007b'," + OA_MSG + "}", "model: must not contain control characters"),
            Arguments.of("{'model':'m'}", "messages: required"),
            Arguments.of("{'model':'m','messages':{}}", "messages: must be an array"),
            Arguments.of("{'model':'m','messages':[]}", "messages: must contain at least one message"),
            Arguments.of("{'model':'m','messages':['hi']}", "messages[0]: must be an object"),
            Arguments.of("{'model':'m','messages':[{'content':'hi'}]}", "messages[0].role: required"),
            Arguments.of("{'model':'m','messages':[{'role':'human','content':'hi'}]}", "messages[0].role: unknown role 'human'"),
            Arguments.of("{'model':'m','messages':[{'role':'user'}]}", "messages[0].content: required"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':null}]}", "messages[0].content: must not be null"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':7}]}", "messages[0].content: must be a string or an array"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':'a'},{'role':'user','content':[{'type':'text','text':'a'},{'type':'x'}]}]}",
                    "messages[1].content[1].type: unknown content part type 'x'"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'text':'a'}]}]}", "messages[0].content[0].type: required"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'text'}]}]}", "messages[0].content[0].text: required"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':'http://x'}]}]}",
                    "messages[0].content[0].image_url: must be an object"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{}}]}]}",
                    "messages[0].content[0].image_url.url: required"),
            Arguments.of("{'model':'m','messages':[{'role':'system','content':[{'type':'image_url','image_url':{'url':'http://x'}}]}]}",
                    "messages[0].content[0].type: content part type 'image_url' is not allowed in system messages"),
            Arguments.of("{'model':'m','messages':[{'role':'tool','content':'r'}]}", "messages[0].tool_call_id: required"),
            Arguments.of("{'model':'m','messages':[{'role':'function','content':'r'}]}", "messages[0].name: required"),
            Arguments.of("{'model':'m','messages':[{'role':'assistant','tool_calls':{}}]}", "messages[0].tool_calls: must be an array"),
            Arguments.of("{'model':'m','messages':[{'role':'assistant','tool_calls':[{'type':'function','function':{'name':'f','arguments':'{}'}}]}]}",
                    "messages[0].tool_calls[0].id: required"),
            Arguments.of("{'model':'m','messages':[{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':{}}}]}]}",
                    "messages[0].tool_calls[0].function.arguments: must be a string"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':'x','tool_calls':[]}]}", "messages[0].tool_calls: only allowed in assistant"),
            Arguments.of("{'model':'m','temperature':2.5," + OA_MSG + "}", "temperature: must be between 0 and 2"),
            Arguments.of("{'model':'m','temperature':-0.1," + OA_MSG + "}", "temperature: must be between 0 and 2"),
            Arguments.of("{'model':'m','temperature':'0.5'," + OA_MSG + "}", "temperature: must be a number"),
            Arguments.of("{'model':'m','top_p':1.5," + OA_MSG + "}", "top_p: must be between 0 and 1"),
            Arguments.of("{'model':'m','max_tokens':0," + OA_MSG + "}", "max_tokens: must be at least 1"),
            Arguments.of("{'model':'m','max_tokens':-5," + OA_MSG + "}", "max_tokens: must be at least 1"),
            Arguments.of("{'model':'m','max_tokens':2147483648," + OA_MSG + "}", "max_tokens: must be an integer between 1 and 2147483647"),
            Arguments.of("{'model':'m','max_completion_tokens':1000000000000," + OA_MSG + "}", "max_completion_tokens: must be an integer"),
            Arguments.of("{'model':'m','max_tokens':10.5," + OA_MSG + "}", "max_tokens: must be an integer"),
            Arguments.of("{'model':'m','max_tokens':'10'," + OA_MSG + "}", "max_tokens: must be an integer, got a string"),
            Arguments.of("{'model':'m','stream':'true'," + OA_MSG + "}", "stream: must be a boolean"),
            Arguments.of("{'model':'m','stream_options':{'include_usage':1}," + OA_MSG + "}", "stream_options.include_usage: must be a boolean"),
            Arguments.of("{'model':'m','stop':['a','b','c','d','e']," + OA_MSG + "}", "stop: must contain at most 4"),
            Arguments.of("{'model':'m','stop':[1]," + OA_MSG + "}", "stop[0]: must be a string"),
            Arguments.of("{'model':'m','stop':5," + OA_MSG + "}", "stop: must be a string or an array"),
            Arguments.of("{'model':'m','tools':{}," + OA_MSG + "}", "tools: must be an array"),
            Arguments.of("{'model':'m','tools':[{'type':'function','function':{'name':'bad name'}}]," + OA_MSG + "}",
                    "tools[0].function.name: invalid tool name 'bad name'"),
            Arguments.of("{'model':'m','tools':[{'type':'function','function':{'name':'" + "x".repeat(65) + "'}}]," + OA_MSG + "}",
                    "tools[0].function.name: invalid tool name"),
            Arguments.of("{'model':'m','tools':[{'type':'function','function':{}}]," + OA_MSG + "}", "tools[0].function.name: required"),
            Arguments.of("{'model':'m','tools':[{'type':'function'}]," + OA_MSG + "}", "tools[0].function: must be an object"),
            Arguments.of("{'model':'m','tools':[{'type':'retrieval'}]," + OA_MSG + "}", "tools[0].type: unknown tool type 'retrieval'"),
            Arguments.of("{'model':'m','tools':[{'type':'function','function':{'name':'f','parameters':[]}}]," + OA_MSG + "}",
                    "tools[0].function.parameters: must be an object"),
            Arguments.of("{'model':'m','tool_choice':'any'," + OA_MSG + "}", "tool_choice: unknown value 'any'"),
            Arguments.of("{'model':'m','tool_choice':{'type':'function'}," + OA_MSG + "}", "tool_choice.function: must be an object"),
            Arguments.of("{'model':'m','tool_choice':{'type':'tool','name':'f'}," + OA_MSG + "}", "tool_choice.type: unknown tool_choice type 'tool'"),
            Arguments.of("{'model':'m','tool_choice':5," + OA_MSG + "}", "tool_choice: must be a string or an object"),
            Arguments.of("{'model':'m','parallel_tool_calls':'no'," + OA_MSG + "}", "parallel_tool_calls: must be a boolean"),
            Arguments.of("{'model':'m','response_format':{'type':'xml'}," + OA_MSG + "}", "response_format.type: unknown value 'xml'"),
            Arguments.of("{'model':'m','response_format':{'type':'json_schema'}," + OA_MSG + "}", "response_format.json_schema: must be an object"),
            Arguments.of("{'model':'m','reasoning_effort':'max'," + OA_MSG + "}", "reasoning_effort: unknown value 'max'"),
            Arguments.of("{'model':'m','user':42," + OA_MSG + "}", "user: must be a string"),
            Arguments.of("{'model':'m','n':0," + OA_MSG + "}", "n: only 1 is supported"),
            Arguments.of("{'model':'m','n':2," + OA_MSG + "}", "n: only 1 is supported"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOpenAi")
    void openAiRejects(String body, String fragment) {
        rejects(OpenAiRequestValidator::validate, node(body), fragment);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'model':'m','messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','temperature':null,'top_p':null,'max_tokens':null,'stop':null,'tools':null,'tool_choice':null,'stream':null,"
            + "'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','temperature':2,'top_p':0,'max_tokens':2147483647,'max_completion_tokens':100.0,'n':1,'seed':-3,"
            + "'stream':true,'stream_options':{'include_usage':true},'stop':['a','b','c','d'],'user':'u','metadata':{'k':'v'},"
            + "'reasoning_effort':'minimal','response_format':{'type':'json_schema','json_schema':{'name':'x','schema':{}}},"
            + "'vendor_extension':{'anything':[1]},'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','messages':[{'role':'developer','content':[{'type':'text','text':'d'}]},{'role':'system','content':'s'},"
            + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url','image_url':{'url':'data:image/png;base64,AA','detail':'auto'}},"
            + "{'type':'input_audio','input_audio':{'data':'AA','format':'mp3'}},{'type':'file','file':{'file_id':'file-1'}}]},"
            + "{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
            + "{'role':'tool','tool_call_id':'c','content':[{'type':'text','text':'r'}]},"
            + "{'role':'assistant','content':[{'type':'refusal','refusal':'no'}]},{'role':'assistant'},"
            + "{'role':'assistant','content':null,'function_call':{'name':'f','arguments':'{}'}},{'role':'function','name':'f','content':null}]}",
        "{'model':'m','tools':[{'type':'function','function':{'name':'get-weather_2','description':'d','parameters':{'type':'object'},'strict':true}},"
            + "{'type':'custom','custom':{'name':'grammar_tool'}}],'tool_choice':{'type':'function','function':{'name':'get-weather_2'}},"
            + "'parallel_tool_calls':false,'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','tools':[],'tool_choice':{'type':'allowed_tools','allowed_tools':{'mode':'required','tools':[]}},"
            + "'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','functions':[{'name':'f'}],'function_call':'auto','messages':[{'role':'user','content':'hi'}]}",
    })
    void openAiAccepts(String body) {
        assertThatCode(() -> OpenAiRequestValidator.validate(node(body))).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------ Anthropic

    static Stream<Arguments> badAnthropic() {
        return Stream.of(
            Arguments.of("'text'", "request body must be a JSON object"),
            Arguments.of("{" + AN_MSG + "}", "model: required"),
            Arguments.of("{'model':''," + AN_MSG + "}", "model: must not be empty"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':'hi'}]}", "max_tokens: required"),
            Arguments.of("{'model':'m','max_tokens':0,'messages':[{'role':'user','content':'hi'}]}", "max_tokens: must be at least 1"),
            Arguments.of("{'model':'m','max_tokens':2147483648,'messages':[{'role':'user','content':'hi'}]}", "max_tokens: must be an integer"),
            Arguments.of("{'model':'m','max_tokens':1000000000000,'messages':[{'role':'user','content':'hi'}]}", "max_tokens: must be an integer"),
            Arguments.of("{'model':'m','max_tokens':'100','messages':[{'role':'user','content':'hi'}]}", "max_tokens: must be an integer, got a string"),
            Arguments.of("{'model':'m','max_tokens':10}", "messages: required"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[]}", "messages: must contain at least one message"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':'hi'},{'role':'system','content':[{'type':'image','source':{'type':'url','url':'http://x'}}]}]}",
                    "messages[1].content[0].type: only text blocks are allowed in system messages"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'operator','content':'hi'}]}", "messages[0].role: unknown role 'operator'"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'hologram','data':'x'}]}]}",
                    "messages[0].content[0].type: unknown content block type 'hologram'"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user'}]}", "messages[0].content: required"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'assistant','content':null}]}", "messages[0].content: must not be null"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[]}]}", "messages[0].content: must not be empty"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':'a'},{'role':'assistant','content':'b'},"
                    + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url'}]}]}",
                    "messages[2].content[1].type: unknown content block type 'image_url'"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'text','text':5}]}]}",
                    "messages[0].content[0].text: must be a string"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','data':'AA'}}]}]}",
                    "messages[0].content[0].source.media_type: required"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'text','data':'AA'}}]}]}",
                    "messages[0].content[0].source.type: unknown image source type 'text'"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'image'}]}]}",
                    "messages[0].content[0].source: must be an object"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_use','id':'t','name':'f','input':{}}]}]}",
                    "messages[0].content[0].type: 'tool_use' blocks are only allowed in assistant messages"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'assistant','content':[{'type':'tool_result','tool_use_id':'t'}]}]}",
                    "messages[0].content[0].type: 'tool_result' blocks are only allowed in user messages"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'f','input':'{}'}]}]}",
                    "messages[0].content[0].input: must be an object"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'assistant','content':[{'type':'tool_use','name':'f','input':{}}]}]}",
                    "messages[0].content[0].id: required"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_result','content':'x'}]}]}",
                    "messages[0].content[0].tool_use_id: required"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':[{'type':'tool_use'}]}]}]}",
                    "messages[0].content[0].content[0].type: unknown tool_result content block type 'tool_use'"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':5}]}]}",
                    "messages[0].content[0].content: must be a string or an array"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'assistant','content':[{'type':'thinking'}]}]}",
                    "messages[0].content[0].thinking: required"),
            Arguments.of("{'model':'m','system':5," + AN_MSG + "}", "system: must be a string or an array of text blocks"),
            Arguments.of("{'model':'m','system':[{'type':'image'}]," + AN_MSG + "}", "system[0].type: only text blocks are allowed in system"),
            Arguments.of("{'model':'m','temperature':1.5," + AN_MSG + "}", "temperature: must be between 0 and 1"),
            Arguments.of("{'model':'m','top_p':-1," + AN_MSG + "}", "top_p: must be between 0 and 1"),
            Arguments.of("{'model':'m','top_k':-1," + AN_MSG + "}", "top_k: must be at least 0"),
            Arguments.of("{'model':'m','stream':1," + AN_MSG + "}", "stream: must be a boolean"),
            Arguments.of("{'model':'m','stop_sequences':'END'," + AN_MSG + "}", "stop_sequences: must be an array of strings"),
            Arguments.of("{'model':'m','stop_sequences':['a',null]," + AN_MSG + "}", "stop_sequences[1]: must be a string"),
            Arguments.of("{'model':'m','metadata':{'user_id':5}," + AN_MSG + "}", "metadata.user_id: must be a string"),
            Arguments.of("{'model':'m','thinking':{'type':'enabled'}," + AN_MSG + "}", "thinking.budget_tokens: required"),
            Arguments.of("{'model':'m','tools':[{'name':'f'}]," + AN_MSG + "}", "tools[0].input_schema: required"),
            Arguments.of("{'model':'m','tools':[{'name':'f','input_schema':'{}'}]," + AN_MSG + "}", "tools[0].input_schema: must be an object"),
            Arguments.of("{'model':'m','tools':[{'name':'a.b','input_schema':{}}]," + AN_MSG + "}", "tools[0].name: invalid tool name 'a.b'"),
            Arguments.of("{'model':'m','tools':[{'name':'" + "y".repeat(129) + "','input_schema':{}}]," + AN_MSG + "}",
                    "tools[0].name: invalid tool name 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...'"),
            Arguments.of("{'model':'m','tools':[{'type':'web_search_20250305'}]," + AN_MSG + "}", "tools[0].name: required"),
            Arguments.of("{'model':'m','tool_choice':'auto'," + AN_MSG + "}", "tool_choice: must be an object"),
            Arguments.of("{'model':'m','tool_choice':{'type':'required'}," + AN_MSG + "}", "tool_choice.type: unknown value 'required'"),
            Arguments.of("{'model':'m','tool_choice':{'type':'tool'}," + AN_MSG + "}", "tool_choice.name: required"),
            Arguments.of("{'model':'m','tool_choice':{'type':'auto','disable_parallel_tool_use':'yes'}," + AN_MSG + "}",
                    "tool_choice.disable_parallel_tool_use: must be a boolean"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badAnthropic")
    void anthropicRejects(String body, String fragment) {
        rejects(AnthropicRequestValidator::validate, node(body), fragment);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'model':'m','max_tokens':10,'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','max_tokens':10,'system':[{'type':'text','text':'s','cache_control':{'type':'ephemeral'}}],'temperature':1,'top_p':0.5,"
            + "'top_k':5,'stream':false,'stop_sequences':[],'metadata':{'user_id':'u'},'thinking':{'type':'enabled','budget_tokens':1024},"
            + "'service_tier':'auto','messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','max_tokens':10,'thinking':{'type':'adaptive'},'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','max_tokens':10,'tools':[{'name':'f','input_schema':{'type':'object'}},{'type':'custom','name':'g','input_schema':{}},"
            + "{'type':'web_search_20250305','name':'web_search','max_uses':2},{'type':'bash_20250124','name':'bash'}],"
            + "'tool_choice':{'type':'any','disable_parallel_tool_use':true},'messages':[{'role':'user','content':'hi'}]}",
        "{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'text','text':'a'},"
            + "{'type':'image','source':{'type':'url','url':'https://x'}},{'type':'document','source':{'type':'text','media_type':'text/plain','data':'d'}},"
            + "{'type':'document','source':{'type':'content','content':[{'type':'text','text':'c'}]}},"
            + "{'type':'search_result','source':'s','title':'t','content':[{'type':'text','text':'r'}]},{'type':'container_upload','file_id':'f'}]},"
            + "{'role':'assistant','content':[{'type':'thinking','thinking':'t','signature':'s'},{'type':'redacted_thinking','data':'d'},"
            + "{'type':'server_tool_use','id':'s1','name':'web_search','input':{'query':'q'}},{'type':'web_search_tool_result','tool_use_id':'s1','content':[]},"
            + "{'type':'text','text':'x'},{'type':'tool_use','id':'t1','name':'f','input':{}}]},"
            + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','is_error':true,'content':[{'type':'text','text':'e'},"
            + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'AA'}}]}]},{'role':'assistant','content':[]}]}",
    })
    void anthropicAccepts(String body) {
        assertThatCode(() -> AnthropicRequestValidator.validate(node(body))).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------ limits

    @Test
    void messageAndToolLimits() {
        ObjectNode openAi = (ObjectNode) node("{'model':'m'}");
        ArrayNode messages = openAi.putArray("messages");
        for (int i = 0; i < 10_001; i++) {
            messages.addObject().put("role", "user").put("content", "x");
        }
        rejects(OpenAiRequestValidator::validate, openAi, "messages: must contain at most 10000 messages");
        messages.remove(0);
        assertThatCode(() -> OpenAiRequestValidator.validate(openAi)).doesNotThrowAnyException();

        ObjectNode anthropic = (ObjectNode) node("{'model':'m'," + AN_MSG + "}");
        ArrayNode tools = anthropic.putArray("tools");
        for (int i = 0; i < 513; i++) {
            tools.addObject().put("name", "t" + i).putObject("input_schema").put("type", "object");
        }
        rejects(AnthropicRequestValidator::validate, anthropic, "tools: must contain at most 512 tools");
        tools.remove(0);
        assertThatCode(() -> AnthropicRequestValidator.validate(anthropic)).doesNotThrowAnyException();

        ObjectNode openAiTools = (ObjectNode) node("{'model':'m'," + OA_MSG + "}");
        ArrayNode list = openAiTools.putArray("tools");
        for (int i = 0; i < 513; i++) {
            list.addObject().put("type", "function").putObject("function").put("name", "t" + i);
        }
        rejects(OpenAiRequestValidator::validate, openAiTools, "tools: must contain at most 512 tools");
    }

    @Test
    void longModelAndValuesAreNotEchoedInFull() {
        String huge = "z".repeat(10_000);
        ObjectNode body = (ObjectNode) node("{" + OA_MSG + "}");
        body.put("model", "m".repeat(257));
        rejects(OpenAiRequestValidator::validate, body, "model: must be at most 256 characters");
        body.put("model", "m");
        ((ObjectNode) body.at("/messages/0")).put("role", huge);
        assertThatThrownBy(() -> OpenAiRequestValidator.validate(body))
                .hasMessageContaining("unknown role 'zzzz")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
    }

    @Test
    void nullBodyIsRejected() {
        rejects(OpenAiRequestValidator::validate, null, "request body must be a JSON object");
        rejects(AnthropicRequestValidator::validate, JsonNodeFactory.instance.nullNode(), "request body must be a JSON object");
    }

    @Test
    void currentAnthropicFeaturesPassTranslationChecks() {
        // what current Claude Code sends: a mid-conversation system message, adaptive thinking with
        // effort, context management, a deferred tool, and a tool_reference in a tool result
        AnthropicRequestValidator.validate(node("{'model':'m','max_tokens':10,"
                + "'thinking':{'type':'adaptive','display':'omitted'},'output_config':{'effort':'high'},"
                + "'context_management':{'edits':[{'type':'clear_thinking_20251015','keep':'all'}]},"
                + "'tools':[{'name':'Read','input_schema':{'type':'object'},'defer_loading':true}],"
                + "'messages':[{'role':'user','content':'hi'},{'role':'system','content':[{'type':'text','text':'be brief'}]},"
                + "{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'ToolSearch','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'tool_reference','tool_name':'Read'}]}]}]}"));
        // a thinking form newer than the gateway is left for the translation to map or drop
        AnthropicRequestValidator.validate(node("{'model':'m','max_tokens':10,'thinking':{'type':'on'}," + AN_MSG + "}"));
    }

    @Test
    void blocksNewerThanTheGatewayAreRefusedOnlyWhereTheModelWouldMissThem() {
        // in history (an earlier user turn, an assistant turn, an earlier tool result): left to the translation to drop
        ObjectNode history = (ObjectNode) node("{'model':'m','max_tokens':10,'messages':["
                + "{'role':'user','content':[{'type':'hologram','data':'old'},{'type':'text','text':'a'}]},"
                + "{'role':'assistant','content':[{'type':'future_result','data':'x'},{'type':'tool_use','id':'t1','name':'f','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'future_part','x':1},{'type':'text','text':'r'}]}]},"
                + "{'role':'assistant','content':'b'},{'role':'user','content':'now'}]}");
        AnthropicRequestValidator.validate(history);
        String translated = AnthropicToOpenAi.request(history, "up").toString();
        assertThat(translated).doesNotContain("hologram").doesNotContain("future_result").doesNotContain("future_part")
                .contains("\"now\"");
        // in the latest user turn: refused, naming the field
        assertThatThrownBy(() -> AnthropicRequestValidator.validate(node("{'model':'m','max_tokens':10,'messages':["
                + "{'role':'user','content':'a'},{'role':'assistant','content':'b'},"
                + "{'role':'user','content':[{'type':'hologram','data':'new'}]}]}")))
                .hasMessageContaining("messages[2].content[0].type: unknown content block type 'hologram'");
    }
}
