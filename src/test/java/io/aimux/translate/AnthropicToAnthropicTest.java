package io.aimux.translate;

import static io.aimux.translate.TestJson.node;
import static io.aimux.translate.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicToAnthropicTest {

    private static final UpstreamFeatures BASIC = UpstreamFeatures.BASIC;
    private static final UpstreamFeatures FIRST_PARTY = new UpstreamFeatures(true, true, true, null, true, null);

    private static ObjectNode adapt(String body, UpstreamFeatures features) {
        ObjectNode request = obj(body);
        AnthropicToAnthropic.adapt(request, features, f -> { });
        return request;
    }

    @Test
    void systemMessageAfterAUserTurnJoinsThatTurn() {
        // Claude Code's first request: the instruction comes right after the first user turn
        ObjectNode out = adapt("{'messages':[{'role':'user','content':'read notes.txt'},"
                + "{'role':'system','content':[{'type':'text','text':'Be brief.'}]}]}", BASIC);
        assertThat(out.get("messages")).isEqualTo(node("[{'role':'user','content':[{'type':'text','text':'read notes.txt'},"
                + "{'type':'text','text':'<system-reminder>\\nBe brief.\\n</system-reminder>'}]}]"));
    }

    @Test
    void systemMessageKeepsItsPlaceInALongerConversation() {
        ObjectNode out = adapt("{'messages':[{'role':'user','content':'a'},{'role':'assistant','content':'b'},"
                + "{'role':'user','content':[{'type':'text','text':'c'}]},{'role':'system','content':'S'},"
                + "{'role':'assistant','content':'d'}]}", BASIC);
        assertThat(out.get("messages")).hasSize(4);
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("a");
        assertThat(out.at("/messages/2/content/1/text").asText()).isEqualTo("<system-reminder>\nS\n</system-reminder>");
        assertThat(out.at("/messages/3/role").asText()).isEqualTo("assistant");
    }

    @Test
    void systemMessageBeforeAnyUserTurnLeadsTheFirstOne() {
        ObjectNode out = adapt("{'messages':[{'role':'system','content':'S'},{'role':'user','content':'u'}]}", BASIC);
        assertThat(out.at("/messages/0/content/0/text").asText()).contains("S");
        assertThat(out.at("/messages/0/content/1/text").asText()).isEqualTo("u");
    }

    @Test
    void aHostThatTakesSystemMessagesGetsThemAsSent() {
        String body = "{'messages':[{'role':'user','content':'u'},{'role':'system','content':'S'}]}";
        assertThat(adapt(body, FIRST_PARTY)).isEqualTo(obj(body));
    }

    @Test
    void aDeferredToolIsOfferedOnceAReferenceLoadedIt() {
        ObjectNode out = adapt("{'tools':[{'name':'Read','input_schema':{'type':'object'}},"
                + "{'name':'Later','input_schema':{'type':'object'},'defer_loading':true},"
                + "{'type':'tool_search_tool_regex_20251119','name':'tool_search_tool_regex'}],"
                + "'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':[{'type':'tool_reference','tool_name':'Later'}]}]}]}",
                BASIC);
        assertThat(out.get("tools")).isEqualTo(node("[{'name':'Read','input_schema':{'type':'object'}},"
                + "{'name':'Later','input_schema':{'type':'object'}}]"));
        assertThat(out.at("/messages/0/content/0/content/0")).isEqualTo(node("{'type':'text','text':'Tool Later is loaded and can be called now.'}"));
    }

    @Test
    void aDeferredToolNotLoadedYetIsNotOffered() {
        ObjectNode out = adapt("{'tools':[{'name':'Read','input_schema':{'type':'object'}},"
                + "{'name':'DeferredToolPlaceholder','input_schema':{'type':'object'},'defer_loading':true}],"
                + "'messages':[{'role':'user','content':'u'}]}", BASIC);
        assertThat(out.get("tools")).isEqualTo(node("[{'name':'Read','input_schema':{'type':'object'}}]"));
        ObjectNode translated = AnthropicToOpenAi.request(obj("{'model':'m','max_tokens':10,'tools':[{'name':'Read','input_schema':{'type':'object'}},"
                + "{'name':'Later','input_schema':{'type':'object'},'defer_loading':true}],'messages':[{'role':'user','content':'u'}]}"), "up");
        assertThat(translated.get("tools")).hasSize(1);
    }

    @Test
    void deviceIdentifiersAndTheBillingBlockStayWithAnthropic() {
        String body = "{'metadata':{'user_id':'{\\\"device_id\\\":\\\"abc\\\"}'},'system':[{'type':'text','text':'x-anthropic-billing-header: cc_version=2.1;'},"
                + "{'type':'text','text':'You are helpful.'}],'messages':[{'role':'user','content':'u'}]}";
        ObjectNode third = adapt(body, BASIC);
        assertThat(third.has("metadata")).isFalse();
        assertThat(third.get("system")).isEqualTo(node("[{'type':'text','text':'You are helpful.'}]"));
        assertThat(adapt(body, FIRST_PARTY)).isEqualTo(obj(body));
    }

    @Test
    void contextManagementIsCarriedOutForHostsWithoutIt() {
        String body = "{'context_management':{'edits':[{'type':'clear_thinking_20251015','keep':{'type':'thinking_turns','value':1}}]},"
                + "'messages':[{'role':'user','content':'a'},"
                + "{'role':'assistant','content':[{'type':'thinking','thinking':'old','signature':'s1'},{'type':'text','text':'b'}]},"
                + "{'role':'user','content':'c'},"
                + "{'role':'assistant','content':[{'type':'thinking','thinking':'new','signature':'s2'},{'type':'text','text':'d'}]},"
                + "{'role':'user','content':'e'}]}";
        ObjectNode out = adapt(body, BASIC);
        assertThat(out.has("context_management")).isFalse();
        assertThat(out.at("/messages/1/content")).isEqualTo(node("[{'type':'text','text':'b'}]"));
        assertThat(out.at("/messages/3/content/0/thinking").asText()).as("the latest turn keeps its thinking").isEqualTo("new");
        assertThat(adapt(body, FIRST_PARTY)).isEqualTo(obj(body));
    }

    @Test
    void thinkingIsRewrittenToTheFormTheModelTakes() {
        UpstreamFeatures budget = new UpstreamFeatures(true, true, true, "budget", true, null);
        ObjectNode out = adapt("{'max_tokens':32000,'thinking':{'type':'adaptive'},'output_config':{'effort':'medium'},"
                + "'messages':[{'role':'user','content':'u'}]}", budget);
        assertThat(out.get("thinking")).isEqualTo(node("{'type':'enabled','budget_tokens':8192}"));
        assertThat(out.has("output_config")).as("budget models take no effort").isFalse();

        UpstreamFeatures adaptive = new UpstreamFeatures(true, true, true, "adaptive", true, null);
        ObjectNode newer = adapt("{'max_tokens':32000,'thinking':{'type':'enabled','budget_tokens':2000},"
                + "'messages':[{'role':'user','content':'u'}]}", adaptive);
        assertThat(newer.get("thinking")).isEqualTo(node("{'type':'adaptive'}"));
        assertThat(newer.at("/output_config/effort").asText()).isEqualTo("low");

        ObjectNode small = adapt("{'max_tokens':1500,'thinking':{'type':'adaptive'},'messages':[{'role':'user','content':'u'}]}", budget);
        assertThat(small.at("/thinking/budget_tokens").asInt()).as("the budget stays under max_tokens").isEqualTo(1499);
    }

    @Test
    void unknownContextEditsAreReported() {
        List<String> dropped = new ArrayList<>();
        ObjectNode request = obj("{'context_management':{'edits':[{'type':'compact_20260112'}]},'messages':[{'role':'user','content':'u'}]}");
        AnthropicToAnthropic.adapt(request, BASIC, dropped::add);
        assertThat(dropped).containsExactly("context_management.edits[].type=compact_20260112");
    }
}
