package io.aimux.translate;

import static io.aimux.translate.TestJson.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimux.chat.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestToolsTest {

    @Test
    void openAiFunctionTools() {
        List<ToolSpec> specs = RequestTools.fromOpenAi(node("{'tools':["
                + "{'type':'function','function':{'name':'a','parameters':{'type':'object','properties':{'x':{'type':'integer'}}}}},"
                + "{'type':'function','function':{'name':'b'}},"
                + "{'type':'custom','custom':{'name':'c'}},'garbage',{'type':'function'}]}"));
        assertThat(specs).extracting(ToolSpec::name).containsExactly("a", "b");
        assertThat(specs.get(0).parameters()).isEqualTo(node("{'type':'object','properties':{'x':{'type':'integer'}}}"));
        assertThat(specs.get(1).parameters()).isNull();
    }

    @Test
    void openAiLegacyFunctions() {
        assertThat(RequestTools.fromOpenAi(node("{'functions':[{'name':'f','parameters':{'type':'object'}}]}")))
                .extracting(ToolSpec::name).containsExactly("f");
    }

    @Test
    void anthropicToolsSkipServerTools() {
        List<ToolSpec> specs = RequestTools.fromAnthropic(node("{'tools':["
                + "{'name':'a','input_schema':{'type':'object'}},"
                + "{'type':'web_search_20250305','name':'web_search'},"
                + "{'type':'custom','name':'b','input_schema':{'type':'object','properties':{}}}]}"));
        assertThat(specs).extracting(ToolSpec::name).containsExactly("a", "b");
        assertThat(specs.get(0).parameters()).isEqualTo(node("{'type':'object'}"));
    }

    @Test
    void noTools() {
        assertThat(RequestTools.fromOpenAi(node("{'messages':[]}"))).isEmpty();
        assertThat(RequestTools.fromAnthropic(node("{'tools':null}"))).isEmpty();
        assertThat(RequestTools.fromOpenAi(null)).isEmpty();
    }
}
