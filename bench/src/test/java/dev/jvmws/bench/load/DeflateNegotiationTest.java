package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateNegotiationTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate",
        "permessage-deflate; client_no_context_takeover",
        "permessage-deflate;client_no_context_takeover;server_no_context_takeover",
        "Permessage-Deflate; Server_No_Context_Takeover",
        "permessage-deflate; server_max_window_bits=10; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=\"15\"",
        "permessage-deflate ; server_max_window_bits = 8 ,"})
    void acceptsWhatOurFramesCanLiveWith(String response) {
        assertThat(DeflateNegotiation.rejection(response)).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void aMissingHeaderIsADecline(String response) {
        assertThat(DeflateNegotiation.rejection(response)).startsWith("server declined permessage-deflate");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x-webkit-deflate-frame | server accepted an extension we did not offer: x-webkit-deflate-frame",
        "permessage-deflate, permessage-deflate | server accepted 2 extensions, we offered one",
        "permessage-deflate; client_max_window_bits=10 | client_max_window_bits was not offered",
        "permessage-deflate; client_max_window_bits | client_max_window_bits was not offered",
        "permessage-deflate; server_max_window_bits=7 | server_max_window_bits needs 8-15, got 7",
        "permessage-deflate; server_max_window_bits=16 | server_max_window_bits needs 8-15, got 16",
        "permessage-deflate; server_max_window_bits | server_max_window_bits needs 8-15, got null",
        "permessage-deflate; server_max_window_bits=0x0f | server_max_window_bits needs 8-15, got 0x0f",
        "permessage-deflate; server_no_context_takeover=1 | server_no_context_takeover takes no value, got 1",
        "permessage-deflate; mystery | unknown parameter mystery",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover | repeats server_no_context_takeover"})
    void refusesAnythingElseWithTheReason(String response, String reason) {
        assertThat(DeflateNegotiation.rejection(response)).contains(reason);
    }
}
