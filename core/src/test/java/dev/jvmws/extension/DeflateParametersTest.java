package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateParametersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            false | false | 15 | 15 | permessage-deflate
            true  | false | 15 | 15 | permessage-deflate; server_no_context_takeover
            false | true  | 15 | 15 | permessage-deflate; client_no_context_takeover
            true  | true  | 15 | 15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover
            false | false | 14 | 15 | permessage-deflate; server_max_window_bits=14
            false | false | 8  | 15 | permessage-deflate; server_max_window_bits=8
            false | false | 15 | 14 | permessage-deflate; client_max_window_bits=14
            false | false | 15 | 8  | permessage-deflate; client_max_window_bits=8
            false | false | 9  | 10 | permessage-deflate; server_max_window_bits=9; client_max_window_bits=10
            true  | false | 10 | 15 | permessage-deflate; server_no_context_takeover; server_max_window_bits=10
            false | true  | 15 | 11 | permessage-deflate; client_no_context_takeover; client_max_window_bits=11
            true  | false | 15 | 12 | permessage-deflate; server_no_context_takeover; client_max_window_bits=12
            false | true  | 13 | 15 | permessage-deflate; client_no_context_takeover; server_max_window_bits=13
            true  | true  | 12 | 15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12
            true  | true  | 15 | 9  | permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=9
            true  | true  | 8  | 8  | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8
            """)
    void writesTheResponseHeaderLeavingOutDefaults(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
            int serverMaxWindowBits, int clientMaxWindowBits, String expected) {
        DeflateParameters parameters = new DeflateParameters(
                serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
        assertThat(parameters.responseHeader(false)).isEqualTo(expected);
    }

    @Test
    void theResponseHeaderParsesBackToTheSameAgreement() {
        DeflateParameters parameters = new DeflateParameters(true, false, 9, 12);
        assertThat(PerMessageDeflate.acceptResponse(
                ExtensionHeader.parse(parameters.responseHeader(false)), PerMessageDeflateOptions.DEFAULTS))
                .isEqualTo(parameters);
    }

    @Test
    void picksTheLimitsOfTheSendingSide() {
        DeflateParameters parameters = new DeflateParameters(true, false, 9, 12);
        assertThat(parameters.noContextTakeover(true)).isTrue();
        assertThat(parameters.noContextTakeover(false)).isFalse();
        assertThat(parameters.maxWindowBits(true)).isEqualTo(9);
        assertThat(parameters.maxWindowBits(false)).isEqualTo(12);

        DeflateParameters mirrored = new DeflateParameters(false, true, 12, 9);
        assertThat(mirrored.noContextTakeover(true)).isFalse();
        assertThat(mirrored.noContextTakeover(false)).isTrue();
        assertThat(mirrored.maxWindowBits(true)).isEqualTo(12);
        assertThat(mirrored.maxWindowBits(false)).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15})
    void acceptsEveryWindowFrom8To15(int bits) {
        DeflateParameters parameters = new DeflateParameters(false, false, bits, bits);
        assertThat(parameters.serverMaxWindowBits()).isEqualTo(bits);
        assertThat(parameters.clientMaxWindowBits()).isEqualTo(bits);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 7, 16, 31, Integer.MAX_VALUE})
    void refusesWindowsOutside8To15(int bits) {
        assertThatThrownBy(() -> new DeflateParameters(false, false, bits, 15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serverMaxWindowBits must be 8-15: " + bits);
        assertThatThrownBy(() -> new DeflateParameters(false, false, 15, bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientMaxWindowBits must be 8-15: " + bits);
    }

    @Test
    void isAValue() {
        assertThat(new DeflateParameters(true, false, 10, 11)).isEqualTo(new DeflateParameters(true, false, 10, 11))
                .hasSameHashCodeAs(new DeflateParameters(true, false, 10, 11))
                .isNotEqualTo(new DeflateParameters(false, true, 10, 11))
                .isNotEqualTo(new DeflateParameters(true, false, 11, 10));
    }
}
