package io.aimux.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesToChatTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ResponsesToChat.Converted convert(String request, List<String> dropped) {
        return ResponsesToChat.convert(json(request), null, dropped::add);
    }

    @Test
    void instructionsAndStringInputBecomeSystemAndUserMessages() {
        List<String> dropped = new ArrayList<>();
        ObjectNode chat = convert("{'model':'m','instructions':'Be brief.','input':'Hi','max_output_tokens':50,"
                + "'stream':true,'client_metadata':{'a':'b'},'store':false}", dropped).chat();
        assertThat(chat).isEqualTo(json("{'model':'m','messages':[{'role':'system','content':'Be brief.'},"
                + "{'role':'user','content':'Hi'}],'stream':true,'max_completion_tokens':50}"));
        assertThat(dropped).containsExactly("client_metadata");
    }

    @Test
    void callsJoinTheAssistantTurnAndOutputsBecomeToolMessages() {
        ObjectNode chat = convert("{'model':'m','input':[{'role':'user','content':'go'},"
                + "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'Looking.'}]},"
                + "{'type':'function_call','call_id':'c1','name':'f','arguments':'{}'},"
                + "{'type':'function_call','call_id':'c2','name':'g','arguments':'{\\\"a\\\":1}'},"
                + "{'type':'function_call_output','call_id':'c1','output':'one'},"
                + "{'type':'function_call_output','call_id':'c2','output':[{'type':'input_text','text':'two'}]}]}",
                new ArrayList<>()).chat();
        JsonNode messages = chat.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Looking.");
        assertThat(messages.get(1).get("tool_calls")).hasSize(2);
        assertThat(messages.get(1).get("tool_calls").get(1).get("function").get("arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(messages.get(3)).isEqualTo(json("{'role':'tool','tool_call_id':'c2','content':'two'}"));
    }

    @Test
    void customToolsBecomeOneStringFunctionsAndTheirCallsWrapTheInput() {
        ResponsesToChat.Converted converted = convert("{'model':'m','tools':[{'type':'custom','name':'apply_patch',"
                + "'format':{'type':'grammar','syntax':'lark','definition':'start: x'}},{'type':'web_search'}],"
                + "'input':[{'role':'user','content':'go'},{'type':'custom_tool_call','call_id':'c','name':'apply_patch','input':'PATCH'},"
                + "{'type':'custom_tool_call_output','call_id':'c','output':'done'}]}", new ArrayList<>());
        assertThat(converted.customTools()).containsExactly("apply_patch");
        JsonNode function = converted.chat().get("tools").get(0).get("function");
        assertThat(converted.chat().get("tools")).hasSize(1); // the hosted tool is dropped
        assertThat(function.get("parameters").get("required").get(0).asText()).isEqualTo("input");
        assertThat(function.get("description").asText()).contains("lark grammar").contains("start: x");
        assertThat(converted.chat().get("messages").get(1).get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"input\":\"PATCH\"}");
    }

    @Test
    void namespaceGroupsAreFlattenedAndRemembered() {
        ResponsesToChat.Converted converted = convert("{'model':'m','input':'x','tools':[{'type':'namespace','name':'agents',"
                + "'tools':[{'type':'function','name':'spawn_agent','parameters':{'type':'object'}}]}]}", new ArrayList<>());
        assertThat(converted.chat().get("tools").get(0).get("function").get("name").asText()).isEqualTo("spawn_agent");
        assertThat(converted.namespaces()).containsEntry("spawn_agent", "agents");
    }

    @Test
    void gatewayReasoningGoesBackAsThinkingBlocksAndOtherReasoningIsDropped() {
        String encrypted = ResponsesToChat.encryptedContent("thought", "sig", null);
        List<String> dropped = new ArrayList<>();
        ObjectNode chat = convert("{'model':'m','input':[{'role':'user','content':'go'},"
                + "{'type':'reasoning','summary':[],'encrypted_content':'" + encrypted + "'},"
                + "{'type':'function_call','call_id':'c1','name':'f','arguments':'{}'},"
                + "{'type':'function_call_output','call_id':'c1','output':'one'},"
                + "{'type':'reasoning','summary':[],'encrypted_content':'gAAAA-from-openai'}]}", dropped).chat();
        JsonNode assistant = chat.get("messages").get(1);
        assertThat(assistant.get("thinking_blocks")).isEqualTo(json("{'a':[{'type':'thinking','thinking':'thought','signature':'sig'}]}").get("a"));
        assertThat(dropped).containsExactly("input.reasoning");
        // an Anthropic-type upstream gets the signed block first in the assistant turn, and may keep thinking on
        ObjectNode anthropic = OpenAiToAnthropic.request(chat, "claude", UpstreamFeatures.BASIC, f -> { });
        assertThat(anthropic.get("messages").get(1).get("content").get(0).get("type").asText()).isEqualTo("thinking");
        ResponsesToChat.stripThinkingBlocks(chat);
        assertThat(chat.get("messages").get(1).has("thinking_blocks")).isFalse();
    }

    @Test
    void textFormatAndReasoningMapToChatFields() {
        ObjectNode chat = convert("{'model':'m','input':'x','text':{'format':{'type':'json_schema','name':'n',"
                + "'schema':{'type':'object'},'strict':true},'verbosity':'low'},'reasoning':{'effort':'high','summary':'auto'},"
                + "'tool_choice':{'type':'function','name':'f'}}", new ArrayList<>()).chat();
        assertThat(chat.get("response_format")).isEqualTo(json("{'type':'json_schema','json_schema':{'name':'n','schema':{'type':'object'},'strict':true}}"));
        assertThat(chat.get("verbosity").asText()).isEqualTo("low");
        assertThat(chat.get("reasoning_effort").asText()).isEqualTo("high");
        assertThat(chat.get("tool_choice")).isEqualTo(json("{'type':'function','function':{'name':'f'}}"));
    }

    @Test
    void historyGoesBeforeInput() {
        ArrayNode history = (ArrayNode) json("{'h':[{'type':'message','role':'user','content':[{'type':'input_text','text':'first'}]},"
                + "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'answer'}]}]}").get("h");
        ObjectNode chat = ResponsesToChat.convert(json("{'model':'m','input':'second'}"), history, f -> { }).chat();
        assertThat(chat.get("messages")).hasSize(3);
        assertThat(chat.get("messages").get(1).get("content").asText()).isEqualTo("answer");
    }

    @Test
    void refusesWhatItCannotServeNamingTheField() {
        assertRefused("{'model':'m','input':'x','background':true}", "background");
        assertRefused("{'model':'m','input':'x','conversation':'conv_1'}", "conversation");
        assertRefused("{'model':'m','input':[{'type':'item_reference','id':'x'}]}", "input[0].type");
        assertRefused("{'model':'m','input':[{'role':'user','content':[{'type':'input_image','file_id':'f'}]}]}", "input[0].content[0].file_id");
        assertRefused("{'model':'m','input':'x','tool_choice':{'type':'web_search_preview'}}", "tool_choice.type");
        assertRefused("{'model':'m','input':'x','text':{'format':{'type':'yaml'}}}", "text.format.type");
        assertRefused("{'model':'m','input':5}", "input");
        assertRefused("{'model':'m'}", "input");
        assertRefused("{'model':'m','input':[{'type':'function_call','name':'f','arguments':'{}'}]}", "input[0].call_id");
    }

    static void assertRefused(String request, String field) {
        assertThatThrownBy(() -> convert(request, new ArrayList<>()))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith(field);
    }
}
