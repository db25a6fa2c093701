package io.aimux.translate;

import static io.aimux.translate.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    @Test
    void countsWithTheTokenizerNotACharacterRatio() {
        // o200k: common English words are one token each, however long
        assertThat(TokenEstimate.tokens("internationalization")).isLessThanOrEqualTo(3);
        assertThat(TokenEstimate.tokens("hello world")).isEqualTo(2);
        // a one-letter word is a token, where a 4-characters-per-token ratio would say half
        assertThat(TokenEstimate.tokens("a ".repeat(1000))).isBetween(900, 1100);
    }

    @Test
    void everythingTheModelReadsIsCounted() {
        long bare = TokenEstimate.anthropicRequest(obj("{'messages':[{'role':'user','content':'hi'}]}"));
        long withSystem = TokenEstimate.anthropicRequest(obj("{'system':'" + "You are a careful assistant. ".repeat(50)
                + "','messages':[{'role':'user','content':'hi'}]}"));
        long withTools = TokenEstimate.anthropicRequest(obj("{'tools':[{'name':'Read','description':'" + "Reads a file. ".repeat(50)
                + "','input_schema':{'type':'object','properties':{'file_path':{'type':'string'}}}}],"
                + "'messages':[{'role':'user','content':'hi'}]}"));
        long withImage = TokenEstimate.anthropicRequest(obj("{'messages':[{'role':'user','content':[{'type':'image',"
                + "'source':{'type':'base64','media_type':'image/png','data':'" + "A".repeat(40000) + "'}}]}]}"));
        long systemTokens = Math.round(TokenEstimate.tokens("You are a careful assistant. ".repeat(50)) * TokenEstimate.CLAUDE_RATIO);
        assertThat(withSystem - bare).isBetween(systemTokens - 2, systemTokens + 2);
        assertThat(withTools).isGreaterThan(bare + 150);
        assertThat(withImage).as("media at a flat cost, not by base64 length").isLessThan(3000);
    }

    @Test
    void scaledToClaudesTokenizer() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(40);
        long o200k = TokenEstimate.tokens(text);
        long estimate = TokenEstimate.anthropicRequest(obj("{'messages':[{'role':'user','content':'" + text + "'}]}"));
        assertThat(estimate).isEqualTo(Math.round((o200k + TokenEstimate.PER_MESSAGE) * TokenEstimate.CLAUDE_RATIO));
    }

    @Test
    void openAiRequestsCountTextToolCallsToolsAndMedia() {
        long bare = TokenEstimate.openAiRequest(obj("{'messages':[{'role':'user','content':'hi'}]}"));
        long asParts = TokenEstimate.openAiRequest(obj("{'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}]}"));
        assertThat(asParts).isEqualTo(bare);
        long withImage = TokenEstimate.openAiRequest(obj("{'messages':[{'role':'user','content':[{'type':'text','text':'hi'},"
                + "{'type':'image_url','image_url':{'url':'https://example.com/a.png'}}]}]}"));
        assertThat(withImage - bare).isEqualTo(TokenEstimate.PER_MEDIA);
        long withCall = TokenEstimate.openAiRequest(obj("{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'read_file','arguments':'{\\\"path\\\":\\\"/workspace/notes.txt\\\"}'}}]}]}"));
        assertThat(withCall).isGreaterThan(bare + TokenEstimate.PER_MESSAGE + 5);
        long withTool = TokenEstimate.openAiRequest(obj("{'messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function',"
                + "'function':{'name':'get_weather','description':'Weather for a city','parameters':{'type':'object'}}}]}"));
        assertThat(withTool).isGreaterThan(bare + TokenEstimate.PER_TOOL);
    }
}
