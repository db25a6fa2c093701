package io.aimux.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorpusSubsetTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0} ⊆ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{'a':1}                          | {'a':1,'b':2}                                       | true",
        "{'a':1}                          | {'a':1.0}                                           | true",
        "{'a':1}                          | {'a':'1'}                                           | false",
        "{'a':1}                          | {'b':1}                                             | false",
        "{'a':{'b':[1,2]}}                | {'a':{'b':[1,2],'c':3}}                             | true",
        "{'a':[1,2]}                      | {'a':[1,2,3]}                                       | false",
        "{'a':[{'x':1}]}                  | {'a':[{'x':1,'y':2}]}                               | true",
        "{'a':null}                       | {'a':null}                                          | true",
        "{'a':null}                       | {}                                                  | false",
        "{'arguments':'{\\'a\\':1}'}      | {'arguments':'{ \\'a\\' : 1.0 }'}                   | true",
        "{'arguments':'{\\'a\\':1}'}      | {'arguments':'{\\'a\\':1,\\'b\\':2}'}               | false",
        "{'c':'Hi there'}                 | {'c':[{'type':'text','text':'Hi '},{'type':'text','text':'there'}]} | true",
        "{'c':'Hi'}                       | {'c':[{'type':'image_url','image_url':{}}]}         | false",
        "{'c':'Hi'}                       | {'c':'Hello'}                                       | false",
    })
    void comparesAsTheCorpusSays(String expected, String actual, boolean matches) throws Exception {
        assertThat(CorpusJson.subsetMismatch(json(expected), json(actual)) == null).isEqualTo(matches);
    }
}
