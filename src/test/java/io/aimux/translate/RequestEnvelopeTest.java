package io.aimux.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every request is refused for, passthrough included: what every provider would refuse. */
class RequestEnvelopeTest {

    private static final String OA = "'model':'m','messages':[{'role':'user','content':'hi'}]";
    private static final String AN = "'model':'m','max_tokens':10,'messages':[{'role':'user','content':'hi'}]";
    private static final String FN = "{'type':'function','function':{'name':'get','parameters':%s}}";
    private static final String AT = "{'name':'get','input_schema':%s}";

    static Stream<Arguments> badOpenAi() {
        return Stream.of(
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object'}")
                    + "],'tool_choice':{'type':'function','function':{'name':'rm'}}}",
                    "tool_choice.function.name: names 'rm', which is not among the declared tools"),
            Arguments.of("{" + OA + ",'tool_choice':{'type':'function','function':{'name':'get'}}}",
                    "not among the declared tools"),
            Arguments.of("{" + OA + ",'tool_choice':'required'}", "no tools are declared"),
            Arguments.of("{" + OA + ",'functions':[{'name':'a'}],'function_call':{'name':'b'}}",
                    "function_call.name: names 'b'"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("'object'") + "]}",
                    "tools[0].function.parameters: must be a JSON Schema object, got a string"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'string'}") + "]}",
                    "tools[0].function.parameters.type: must be \"object\""),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object','properties':[]}") + "]}",
                    "tools[0].function.parameters.properties: must be an object of schemas, got an array"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object','properties':{'a':{'type':'banana'}}}") + "]}",
                    "properties['a'].type: unknown type 'banana'"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object','properties':{'a':{'$ref':'https://evil.example/s.json'}}}") + "]}",
                    "properties['a'].$ref: must be a local reference"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object','items':{'anyOf':[{'$ref':'file:///etc/passwd'}]}}") + "]}",
                    "items.anyOf[0].$ref: must be a local reference"),
            Arguments.of("{" + OA + ",'tools':[" + FN.formatted("{'type':'object','required':'a'}") + "]}",
                    "required: must be an array"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'file:///etc/passwd'}}]}]}",
                    "messages[0].content[0].image_url.url: URL scheme 'file' is not accepted"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'gopher://127.0.0.1:9/_x'}}]}]}",
                    "URL scheme 'gopher' is not accepted"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'/etc/passwd'}}]}]}",
                    "must be an absolute https, http or data URL"),
            Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'file','file':{'file_data':'ftp://x/y.pdf'}}]}]}",
                    "content[0].file.file_data: URL scheme 'ftp' is not accepted"),
            Arguments.of("{" + OA + ",'n':0}", "n: must be an integer between 1 and 128"),
            Arguments.of("{" + OA + ",'n':129}", "n: must be an integer between 1 and 128"),
            Arguments.of("{" + OA + ",'n':'2'}", "n: must be an integer between 1 and 128"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOpenAi")
    void refusesOpenAi(String body, String fragment) {
        rejects(WireProtocol.OPENAI, body, fragment);
    }

    static Stream<Arguments> badAnthropic() {
        return Stream.of(
            Arguments.of("{" + AN + ",'tools':[" + AT.formatted("{'type':'object'}") + "],'tool_choice':{'type':'tool','name':'rm'}}",
                    "tool_choice.name: names 'rm', which is not among the declared tools"),
            Arguments.of("{" + AN + ",'tools':[{'name':'get'}]}", "tools[0].input_schema: required"),
            Arguments.of("{" + AN + ",'tools':[" + AT.formatted("[]") + "]}", "input_schema: must be a JSON Schema object"),
            Arguments.of("{" + AN + ",'tools':[" + AT.formatted("{'type':'object','properties':{'p':{'type':['string',7]}}}") + "]}",
                    "properties['p'].type[1]: must be a type name"),
            Arguments.of("{" + AN + ",'tools':[" + AT.formatted("{'type':'object','$defs':{'x':{'$ref':'http://169.254.169.254/'}}}") + "]}",
                    "$defs['x'].$ref: must be a local reference"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'url','url':'file:///etc/shadow'}}]}]}",
                    "messages[0].content[0].source.url: URL scheme 'file' is not accepted"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':[{'type':'image','source':{'type':'url','url':'jar:http://x!/'}}]}]}]}",
                    "content[0].content[0].source.url: URL scheme 'jar' is not accepted"),
            Arguments.of("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'document','source':{'type':'url','url':'javascript:alert(1)'}}]}]}",
                    "URL scheme 'javascript' is not accepted"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badAnthropic")
    void refusesAnthropic(String body, String fragment) {
        rejects(WireProtocol.ANTHROPIC, body, fragment);
    }

    @Test
    void acceptsWhatProvidersAccept() {
        String schema = "{'type':'object','properties':{'a':{'type':['string','null']},'b':{'$ref':'#/$defs/b'},"
                + "'c':{'type':'array','items':{'type':'integer'}},'d':true},'required':['a'],'$defs':{'b':{'enum':[1,2]}},"
                + "'$schema':'http://json-schema.org/draft-07/schema#','additionalProperties':false}";
        assertThatCode(() -> RequestEnvelope.check(WireProtocol.OPENAI, TestJson.obj("{" + OA + ",'n':1,'tools':["
                + FN.formatted(schema) + "],'tool_choice':{'type':'function','function':{'name':'get'}},"
                + "'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'HTTPS://example.com/a.png'}},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}},"
                + "{'type':'file','file':{'file_data':'JVBERi0xLjQK','filename':'a.pdf'}}]}]}"))).doesNotThrowAnyException();
        assertThatCode(() -> RequestEnvelope.check(WireProtocol.ANTHROPIC, TestJson.obj("{" + AN + ",'tools':["
                + AT.formatted(schema) + ",{'type':'web_search_20250305','name':'web_search'}],"
                + "'tool_choice':{'type':'tool','name':'web_search'},"
                + "'messages':[{'role':'user','content':[{'type':'image','source':{'type':'url','url':'http://example.com/a.png'}},"
                + "{'type':'brand_new_block','source':{'type':'brand_new'}}]}]}"))).doesNotThrowAnyException();
    }

    @Test
    void unknownTypesAndFieldsAreNotItsBusiness() {
        // an unknown tool type, part type or schema keyword is for the upstream (or the validator) to judge
        assertThatCode(() -> RequestEnvelope.check(WireProtocol.OPENAI, TestJson.obj("{" + OA
                + ",'tools':[{'type':'code_interpreter_v9'}],'messages':[{'role':'user','content':[{'type':'exec','cmd':'x'}]}],"
                + "'tool_choice':'sudo'}"))).doesNotThrowAnyException();
        assertThatCode(() -> RequestEnvelope.check(WireProtocol.ANTHROPIC, TestJson.obj("{" + AN
                + ",'mcp_servers':[{'type':'url','url':'https://mcp.example','name':'m'}],'tool_choice':{'type':'tool','name':'from_mcp'}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void echoedNamesAreQuotedCutAndMarkupSafe() {
        String body = "{" + OA + ",'tools':[" + FN.formatted("{'type':'object'}")
                + "],'tool_choice':{'type':'function','function':{'name':'<script>alert(1)</script>\\u0000" + "x".repeat(200) + "'}}}";
        assertThatThrownBy(() -> RequestEnvelope.check(WireProtocol.OPENAI, TestJson.obj(body)))
                .isInstanceOf(GatewayException.class)
                .hasMessageNotContaining("<").hasMessageNotContaining(">").hasMessageNotContaining("\u0000")
                .hasMessageContaining("\\u003cscript\\u003e").hasMessageContaining("...'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    private static void rejects(WireProtocol protocol, String body, String fragment) {
        assertThatThrownBy(() -> RequestEnvelope.check(protocol, TestJson.obj(body)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining(fragment);
    }
}
