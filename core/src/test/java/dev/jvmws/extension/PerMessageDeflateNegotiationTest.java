package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The permessage-deflate negotiation (RFC 7692 §7.1) in both roles. Options are written as a compact
 * spec in the tables: {@code snct}, {@code cnct}, {@code smwb=N}, {@code cmwb=N} and {@code noOfferCmwb}
 * (offerClientMaxWindowBits false), comma-separated; empty means the defaults.
 */
class PerMessageDeflateNegotiationTest {

    private static final String PMD = "permessage-deflate";

    static PerMessageDeflateOptions options(String spec) {
        PerMessageDeflateOptions.Builder builder = PerMessageDeflateOptions.builder();
        if (spec == null) {
            return builder.build();
        }
        for (String item : spec.split(",")) {
            String option = item.trim();
            if (option.isEmpty()) {
                continue;
            }
            if (option.equals("snct")) {
                builder.serverNoContextTakeover(true);
            } else if (option.equals("cnct")) {
                builder.clientNoContextTakeover(true);
            } else if (option.startsWith("smwb=")) {
                builder.serverMaxWindowBits(Integer.parseInt(option.substring(5)));
            } else if (option.startsWith("cmwb=")) {
                builder.clientMaxWindowBits(Integer.parseInt(option.substring(5)));
            } else if (option.equals("noOfferCmwb")) {
                builder.offerClientMaxWindowBits(false);
            } else {
                throw new IllegalArgumentException("unknown option spec: " + option);
            }
        }
        return builder.build();
    }

    private static Optional<PerMessageDeflate.Acceptance> accept(String header, String optionSpec) {
        return PerMessageDeflate.accept(ExtensionHeader.parse(header), options(optionSpec));
    }

    private static Optional<DeflateParameters> acceptOffer(String header, String optionSpec) {
        return accept(header, optionSpec).map(PerMessageDeflate.Acceptance::parameters);
    }

    private static DeflateParameters acceptResponse(String header, String optionSpec) {
        return PerMessageDeflate.acceptResponse(ExtensionHeader.parse(header), options(optionSpec));
    }

    @Test
    void theNameIsTheRfcToken() {
        assertThat(PerMessageDeflate.NAME).isEqualTo("permessage-deflate");
    }

    @Nested
    class ClientOffer {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                ''                          | permessage-deflate; client_max_window_bits
                noOfferCmwb                 | permessage-deflate
                snct                        | permessage-deflate; server_no_context_takeover; client_max_window_bits
                cnct                        | permessage-deflate; client_no_context_takeover; client_max_window_bits
                snct, cnct, noOfferCmwb     | permessage-deflate; server_no_context_takeover; client_no_context_takeover
                smwb=10                     | permessage-deflate; server_max_window_bits=10; client_max_window_bits
                smwb=8, noOfferCmwb         | permessage-deflate; server_max_window_bits=8
                smwb=15                     | permessage-deflate; server_max_window_bits=15; client_max_window_bits
                cmwb=9                      | permessage-deflate; client_max_window_bits=9
                cmwb=15                     | permessage-deflate; client_max_window_bits=15
                cmwb=9, noOfferCmwb         | permessage-deflate; client_max_window_bits=9
                smwb=12, cmwb=11            | permessage-deflate; server_max_window_bits=12; client_max_window_bits=11
                cmwb=8, smwb=9, cnct, snct  | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8
                snct, cnct, smwb=10         | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits
                """)
        void writesTheOfferInWsOrder(String optionSpec, String expected) {
            assertThat(PerMessageDeflate.offer(options(optionSpec))).isEqualTo(expected);
        }

        @Test
        void theDefaultOfferAnnouncesClientMaxWindowBits() {
            assertThat(PerMessageDeflate.offer(PerMessageDeflateOptions.DEFAULTS))
                    .isEqualTo("permessage-deflate; client_max_window_bits");
        }

        @Test
        void theOfferIsAValidHeader() {
            String offer = PerMessageDeflate.offer(options("snct, cnct, smwb=10, cmwb=9"));
            assertThat(ExtensionHeader.parse(offer)).containsExactly(new Extension(PMD, List.of(
                    new ExtensionParameter("server_no_context_takeover", null),
                    new ExtensionParameter("client_no_context_takeover", null),
                    new ExtensionParameter("server_max_window_bits", "10"),
                    new ExtensionParameter("client_max_window_bits", "9"))));
        }

        @Test
        void ignoresOptionsThatAreNotNegotiated() {
            PerMessageDeflateOptions options = PerMessageDeflateOptions.builder()
                    .threshold(0).concurrencyLimit(1).level(9).strategy(java.util.zip.Deflater.FILTERED).build();
            assertThat(PerMessageDeflate.offer(options)).isEqualTo("permessage-deflate; client_max_window_bits");
        }
    }

    @Nested
    class ServerAcceptsOffer {

        /** Offer → agreement and response header, with default server options. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                permessage-deflate                                            | false | false | 15 | 15 | permessage-deflate
                permessage-deflate; server_no_context_takeover                | true  | false | 15 | 15 | permessage-deflate; server_no_context_takeover
                permessage-deflate; client_no_context_takeover                | false | true  | 15 | 15 | permessage-deflate; client_no_context_takeover
                permessage-deflate; server_max_window_bits=8                  | false | false | 8  | 15 | permessage-deflate; server_max_window_bits=8
                permessage-deflate; server_max_window_bits=10                 | false | false | 10 | 15 | permessage-deflate; server_max_window_bits=10
                permessage-deflate; server_max_window_bits=14                 | false | false | 14 | 15 | permessage-deflate; server_max_window_bits=14
                permessage-deflate; server_max_window_bits=15                 | false | false | 15 | 15 | permessage-deflate; server_max_window_bits=15
                permessage-deflate; server_max_window_bits=08                 | false | false | 8  | 15 | permessage-deflate; server_max_window_bits=8
                permessage-deflate; server_max_window_bits=0000012            | false | false | 12 | 15 | permessage-deflate; server_max_window_bits=12
                permessage-deflate; server_max_window_bits="11"               | false | false | 11 | 15 | permessage-deflate; server_max_window_bits=11
                permessage-deflate; server_max_window_bits="\\1\\3"           | false | false | 13 | 15 | permessage-deflate; server_max_window_bits=13
                permessage-deflate; client_max_window_bits                    | false | false | 15 | 15 | permessage-deflate
                permessage-deflate; client_max_window_bits=8                  | false | false | 15 | 8  | permessage-deflate; client_max_window_bits=8
                permessage-deflate; client_max_window_bits=9                  | false | false | 15 | 9  | permessage-deflate; client_max_window_bits=9
                permessage-deflate; client_max_window_bits=14                 | false | false | 15 | 14 | permessage-deflate; client_max_window_bits=14
                permessage-deflate; client_max_window_bits=15                 | false | false | 15 | 15 | permessage-deflate
                permessage-deflate; client_max_window_bits=010                | false | false | 15 | 10 | permessage-deflate; client_max_window_bits=10
                permessage-deflate; client_max_window_bits="12"               | false | false | 15 | 12 | permessage-deflate; client_max_window_bits=12
                permessage-deflate; server_max_window_bits=9; client_max_window_bits=10 | false | false | 9 | 10 | permessage-deflate; server_max_window_bits=9; client_max_window_bits=10
                permessage-deflate; client_max_window_bits=10; server_max_window_bits=9 | false | false | 9 | 10 | permessage-deflate; server_max_window_bits=9; client_max_window_bits=10
                permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=11 | true | true | 10 | 11 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=11
                permessage-deflate; client_max_window_bits; client_no_context_takeover; server_no_context_takeover | true | true | 15 | 15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover
                permessage-deflate ;server_no_context_takeover ;	client_max_window_bits = 9 | true | false | 15 | 9 | permessage-deflate; server_no_context_takeover; client_max_window_bits=9
                """)
        void acceptsAValidOffer(String offer, boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                int serverMaxWindowBits, int clientMaxWindowBits, String responseHeader) {
            DeflateParameters expected = new DeflateParameters(
                    serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
            PerMessageDeflate.Acceptance accepted = accept(offer, null).orElseThrow();
            assertThat(accepted.parameters()).isEqualTo(expected);
            assertThat(accepted.responseHeader()).isEqualTo(responseHeader);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                server_no_context_takeover=x      | server_no_context_takeover | x
                server_no_context_takeover=1      | server_no_context_takeover | 1
                server_no_context_takeover="true" | server_no_context_takeover | true
                client_no_context_takeover=x      | client_no_context_takeover | x
                client_no_context_takeover=0      | client_no_context_takeover | 0
                server_max_window_bits            | server_max_window_bits     | (none)
                server_max_window_bits=7          | server_max_window_bits     | 7
                server_max_window_bits=16         | server_max_window_bits     | 16
                server_max_window_bits=0          | server_max_window_bits     | 0
                server_max_window_bits=00         | server_max_window_bits     | 00
                server_max_window_bits=-9         | server_max_window_bits     | -9
                server_max_window_bits=+9         | server_max_window_bits     | +9
                server_max_window_bits=9.0        | server_max_window_bits     | 9.0
                server_max_window_bits=0x9        | server_max_window_bits     | 0x9
                server_max_window_bits=ten        | server_max_window_bits     | ten
                server_max_window_bits=00016      | server_max_window_bits     | 00016
                server_max_window_bits=99999999999999999999 | server_max_window_bits | 99999999999999999999
                client_max_window_bits=7          | client_max_window_bits     | 7
                client_max_window_bits=16         | client_max_window_bits     | 16
                client_max_window_bits=-1         | client_max_window_bits     | -1
                client_max_window_bits=+10        | client_max_window_bits     | +10
                client_max_window_bits=abc        | client_max_window_bits     | abc
                client_max_window_bits="1 5"      | client_max_window_bits     | unused
                """)
        void answersAnInvalidValueWithAnError(String parameter, String name, String value) {
            String offer = PMD + "; " + parameter;
            if (value.equals("unused")) {
                // not even a token once unquoted: the header itself is malformed
                assertThatThrownBy(() -> acceptOffer(offer, null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Invalid Sec-WebSocket-Extensions header: ");
                return;
            }
            assertThatThrownBy(() -> acceptOffer(offer, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid value for parameter \"" + name + "\": " + value);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            // unknown parameters, with and without a value, and in another case
            "permessage-deflate; foo",
            "permessage-deflate; foo=1",
            "permessage-deflate; client_max_window_bits; foo",
            "permessage-deflate; Server_No_Context_Takeover",
            "permessage-deflate; SERVER_MAX_WINDOW_BITS=10",
            "permessage-deflate; server_max_window",
            "permessage-deflate; mux",
            // each parameter repeated, with equal or different values
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=11",
            "permessage-deflate; client_max_window_bits; client_max_window_bits",
            "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
            // a defect in the names wins over an invalid value: the offer is declined, not an error
            "permessage-deflate; server_max_window_bits=99; foo",
            "permessage-deflate; server_no_context_takeover=x; server_no_context_takeover",
            "permessage-deflate; server_max_window_bits=99; server_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=1; client_max_window_bits=1",
        })
        void declinesAnOfferWithUnknownOrRepeatedParameters(String offer) {
            assertThat(acceptOffer(offer, null)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "x-webkit-deflate-frame",
            "deflate-frame; server_max_window_bits=99",
            "Permessage-Deflate",
            "PERMESSAGE-DEFLATE; client_max_window_bits",
            "permessage-deflate-x, x-permessage-deflate",
        })
        void ignoresOtherExtensions(String header) {
            assertThat(acceptOffer(header, null)).isEmpty();
        }

        @Test
        void acceptsNothingFromAnEmptyList() {
            assertThat(PerMessageDeflate.accept(List.of(), PerMessageDeflateOptions.DEFAULTS)).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                permessage-deflate; foo, permessage-deflate; server_max_window_bits=10                        | '' | false | false | 10 | 15
                permessage-deflate; server_max_window_bits=9; server_max_window_bits=9, permessage-deflate; client_no_context_takeover | '' | false | true | 15 | 15
                permessage-deflate; foo, permessage-deflate; bar, permessage-deflate; server_no_context_takeover | '' | true | false | 15 | 15
                x-webkit-deflate-frame, permessage-deflate; client_max_window_bits=12                          | '' | false | false | 15 | 12
                permessage-deflate; server_max_window_bits=10, permessage-deflate; server_max_window_bits=12   | '' | false | false | 10 | 15
                permessage-deflate; server_max_window_bits=10, permessage-deflate; server_max_window_bits=99   | '' | false | false | 10 | 15
                permessage-deflate, permessage-deflate; client_max_window_bits                                | cmwb=10 | false | false | 15 | 10
                permessage-deflate; server_max_window_bits=9, permessage-deflate; client_max_window_bits=11   | cmwb=10 | false | false | 15 | 10
                permessage-deflate; foo, permessage-deflate, permessage-deflate; client_max_window_bits=9     | cmwb=10 | false | false | 15 | 9
                """)
        void acceptsTheFirstAcceptableOfSeveralOffers(String offers, String optionSpec,
                boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits,
                int clientMaxWindowBits) {
            assertThat(acceptOffer(offers, optionSpec)).contains(new DeflateParameters(
                    serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits));
        }

        @Test
        void answersAnInvalidValueInAnOfferConsideredBeforeTheAcceptableOne() {
            assertThatThrownBy(() -> acceptOffer(
                    "permessage-deflate; foo, permessage-deflate; server_max_window_bits=99, permessage-deflate", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid value for parameter \"server_max_window_bits\": 99");
        }

        @Test
        void answersAnInvalidValueInAnOfferEvenIfALaterOneIsValid() {
            assertThatThrownBy(() -> acceptOffer(
                    "permessage-deflate; client_no_context_takeover=1, permessage-deflate", null))
                    .hasMessage("Invalid value for parameter \"client_no_context_takeover\": 1");
        }

        @Test
        void declinesWhenEveryOfferIsDeclined() {
            assertThat(acceptOffer("permessage-deflate; foo, x-foo, permessage-deflate; bar", null)).isEmpty();
            assertThat(acceptOffer("permessage-deflate, permessage-deflate; server_max_window_bits=8", "cmwb=10"))
                    .isEmpty();
        }

        /** Our options merged with the offer: the stricter side of each parameter wins. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                permessage-deflate                                | snct             | true  | false | 15 | 15 | permessage-deflate; server_no_context_takeover
                permessage-deflate; server_no_context_takeover    | snct             | true  | false | 15 | 15 | permessage-deflate; server_no_context_takeover
                permessage-deflate                                | cnct             | false | true  | 15 | 15 | permessage-deflate; client_no_context_takeover
                permessage-deflate; client_no_context_takeover    | cnct             | false | true  | 15 | 15 | permessage-deflate; client_no_context_takeover
                permessage-deflate; client_no_context_takeover    | snct             | true  | true  | 15 | 15 | permessage-deflate; server_no_context_takeover; client_no_context_takeover
                permessage-deflate                                | smwb=10          | false | false | 10 | 15 | permessage-deflate; server_max_window_bits=10
                permessage-deflate; server_max_window_bits=9      | smwb=10          | false | false | 9  | 15 | permessage-deflate; server_max_window_bits=9
                permessage-deflate; server_max_window_bits=10     | smwb=10          | false | false | 10 | 15 | permessage-deflate; server_max_window_bits=10
                permessage-deflate; server_max_window_bits=12     | smwb=10          | false | false | 10 | 15 | permessage-deflate; server_max_window_bits=10
                permessage-deflate; server_max_window_bits=15     | smwb=8           | false | false | 8  | 15 | permessage-deflate; server_max_window_bits=8
                permessage-deflate; server_max_window_bits=9      | smwb=15          | false | false | 9  | 15 | permessage-deflate; server_max_window_bits=9
                permessage-deflate; client_max_window_bits        | cmwb=10          | false | false | 15 | 10 | permessage-deflate; client_max_window_bits=10
                permessage-deflate; client_max_window_bits=9      | cmwb=10          | false | false | 15 | 9  | permessage-deflate; client_max_window_bits=9
                permessage-deflate; client_max_window_bits=10     | cmwb=10          | false | false | 15 | 10 | permessage-deflate; client_max_window_bits=10
                permessage-deflate; client_max_window_bits=12     | cmwb=10          | false | false | 15 | 10 | permessage-deflate; client_max_window_bits=10
                permessage-deflate; client_max_window_bits        | cmwb=15          | false | false | 15 | 15 | permessage-deflate
                permessage-deflate; client_max_window_bits=8      | cmwb=15          | false | false | 15 | 8  | permessage-deflate; client_max_window_bits=8
                permessage-deflate; client_max_window_bits        | noOfferCmwb      | false | false | 15 | 15 | permessage-deflate
                permessage-deflate; client_max_window_bits=11     | noOfferCmwb      | false | false | 15 | 11 | permessage-deflate; client_max_window_bits=11
                permessage-deflate; client_max_window_bits        | snct, cnct, smwb=9, cmwb=8 | true | true | 9 | 8 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8
                permessage-deflate; server_max_window_bits=8; client_max_window_bits=12 | smwb=12, cmwb=9 | false | false | 8 | 9 | permessage-deflate; server_max_window_bits=8; client_max_window_bits=9
                """)
        void appliesServerOptions(String offer, String optionSpec, boolean serverNoContextTakeover,
                boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits,
                String responseHeader) {
            PerMessageDeflate.Acceptance accepted = accept(offer, optionSpec).orElseThrow();
            assertThat(accepted.parameters()).isEqualTo(new DeflateParameters(
                    serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits));
            assertThat(accepted.responseHeader()).isEqualTo(responseHeader);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "permessage-deflate",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9",
        })
        void declinesAnOfferWithoutClientMaxWindowBitsWhenWeLimitTheClientsWindow(String offer) {
            assertThat(acceptOffer(offer, "cmwb=10")).isEmpty();
            assertThat(acceptOffer(offer, "cmwb=15")).isEmpty();
            assertThat(acceptOffer(offer, null)).isPresent();
        }
    }

    @Nested
    class ClientAcceptsResponse {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                permessage-deflate                                  | ''                   | false | false | 15 | 15
                permessage-deflate                                  | noOfferCmwb          | false | false | 15 | 15
                permessage-deflate; server_no_context_takeover      | ''                   | true  | false | 15 | 15
                permessage-deflate; server_no_context_takeover      | snct                 | true  | false | 15 | 15
                permessage-deflate                                  | snct                 | false | false | 15 | 15
                permessage-deflate; client_no_context_takeover      | ''                   | false | true  | 15 | 15
                permessage-deflate; client_no_context_takeover      | cnct                 | false | true  | 15 | 15
                permessage-deflate                                  | cnct                 | false | true  | 15 | 15
                permessage-deflate; server_max_window_bits=8        | ''                   | false | false | 8  | 15
                permessage-deflate; server_max_window_bits=10       | ''                   | false | false | 10 | 15
                permessage-deflate; server_max_window_bits=15       | ''                   | false | false | 15 | 15
                permessage-deflate; server_max_window_bits=08       | ''                   | false | false | 8  | 15
                permessage-deflate; server_max_window_bits="12"     | ''                   | false | false | 12 | 15
                permessage-deflate; server_max_window_bits=9        | smwb=10              | false | false | 9  | 15
                permessage-deflate; server_max_window_bits=10       | smwb=10              | false | false | 10 | 15
                permessage-deflate                                  | smwb=10              | false | false | 15 | 15
                permessage-deflate; client_max_window_bits=8        | ''                   | false | false | 15 | 8
                permessage-deflate; client_max_window_bits=12       | ''                   | false | false | 15 | 12
                permessage-deflate; client_max_window_bits=15       | ''                   | false | false | 15 | 15
                permessage-deflate; client_max_window_bits=09       | ''                   | false | false | 15 | 9
                permessage-deflate; client_max_window_bits=9        | cmwb=10              | false | false | 15 | 9
                permessage-deflate; client_max_window_bits=10       | cmwb=10              | false | false | 15 | 10
                permessage-deflate; client_max_window_bits=10       | cmwb=10, noOfferCmwb | false | false | 15 | 10
                permessage-deflate                                  | cmwb=10              | false | false | 15 | 10
                permessage-deflate                                  | cmwb=10, noOfferCmwb | false | false | 15 | 10
                permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | '' | true | true | 9 | 8
                permessage-deflate; client_max_window_bits=8; server_max_window_bits=9; client_no_context_takeover; server_no_context_takeover | snct, cnct, smwb=9, cmwb=8 | true | true | 9 | 8
                permessage-deflate                                  | snct, cnct, smwb=9, cmwb=8 | false | true | 15 | 8
                """)
        void acceptsAValidResponse(String response, String optionSpec, boolean serverNoContextTakeover,
                boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {
            assertThat(acceptResponse(response, optionSpec)).isEqualTo(new DeflateParameters(
                    serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                x-foo                                                | ''          | Server indicated an extension that was not requested: x-foo
                permessage-deflate, x-foo                            | ''          | Server indicated an extension that was not requested: x-foo
                x-foo, permessage-deflate                            | ''          | Server indicated an extension that was not requested: x-foo
                Permessage-Deflate                                   | ''          | Server indicated an extension that was not requested: Permessage-Deflate
                permessage-deflate, permessage-deflate               | ''          | Server indicated permessage-deflate more than once
                permessage-deflate; foo                              | ''          | Unknown parameter "foo"
                permessage-deflate; foo=1                            | ''          | Unknown parameter "foo"
                permessage-deflate; Client_Max_Window_Bits=10        | ''          | Unknown parameter "Client_Max_Window_Bits"
                permessage-deflate; server_max_window_bits=99; foo   | ''          | Unknown parameter "foo"
                permessage-deflate; server_no_context_takeover; server_no_context_takeover | '' | Parameter "server_no_context_takeover" must have only a single value
                permessage-deflate; client_no_context_takeover; client_no_context_takeover | '' | Parameter "client_no_context_takeover" must have only a single value
                permessage-deflate; server_max_window_bits=9; server_max_window_bits=9     | '' | Parameter "server_max_window_bits" must have only a single value
                permessage-deflate; client_max_window_bits=9; client_max_window_bits=10    | '' | Parameter "client_max_window_bits" must have only a single value
                permessage-deflate; server_no_context_takeover=1     | ''          | Invalid value for parameter "server_no_context_takeover": 1
                permessage-deflate; client_no_context_takeover=x     | ''          | Invalid value for parameter "client_no_context_takeover": x
                permessage-deflate; server_max_window_bits           | ''          | Invalid value for parameter "server_max_window_bits": (none)
                permessage-deflate; server_max_window_bits=7         | ''          | Invalid value for parameter "server_max_window_bits": 7
                permessage-deflate; server_max_window_bits=16        | ''          | Invalid value for parameter "server_max_window_bits": 16
                permessage-deflate; server_max_window_bits=+9        | ''          | Invalid value for parameter "server_max_window_bits": +9
                permessage-deflate; server_max_window_bits=nine      | ''          | Invalid value for parameter "server_max_window_bits": nine
                permessage-deflate; client_max_window_bits           | ''          | Invalid value for parameter "client_max_window_bits": (none)
                permessage-deflate; client_max_window_bits           | cmwb=10     | Invalid value for parameter "client_max_window_bits": (none)
                permessage-deflate; client_max_window_bits=7         | ''          | Invalid value for parameter "client_max_window_bits": 7
                permessage-deflate; client_max_window_bits=16        | ''          | Invalid value for parameter "client_max_window_bits": 16
                permessage-deflate; client_max_window_bits=-10       | ''          | Invalid value for parameter "client_max_window_bits": -10
                permessage-deflate; server_max_window_bits=11        | smwb=10     | Invalid value for parameter "server_max_window_bits": 11 (the offer asked for at most 10)
                permessage-deflate; server_max_window_bits=15        | smwb=8      | Invalid value for parameter "server_max_window_bits": 15 (the offer asked for at most 8)
                permessage-deflate; client_max_window_bits=11        | cmwb=10     | Invalid value for parameter "client_max_window_bits": 11 (the offer allowed at most 10)
                permessage-deflate; client_max_window_bits=15        | cmwb=8, noOfferCmwb | Invalid value for parameter "client_max_window_bits": 15 (the offer allowed at most 8)
                permessage-deflate; client_max_window_bits=10        | noOfferCmwb | Unexpected parameter "client_max_window_bits": the offer did not include it
                permessage-deflate; client_max_window_bits=15        | noOfferCmwb | Unexpected parameter "client_max_window_bits": the offer did not include it
                """)
        void failsTheConnectionOnAnUnacceptableResponse(String response, String optionSpec, String message) {
            assertThatThrownBy(() -> acceptResponse(response, optionSpec))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }

        @Test
        void failsOnAnEmptyList() {
            assertThatThrownBy(() -> PerMessageDeflate.acceptResponse(List.of(), PerMessageDeflateOptions.DEFAULTS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Server indicated no extension");
        }
    }

    /**
     * Every combination of client and server options: the server's agreement, sent back as its
     * response header, is accepted by the client as the very same agreement, and it respects both
     * sides' limits. The only declined case is a server limiting the client's window when the offer
     * did not announce client_max_window_bits.
     */
    @Test
    void bothSidesDeriveTheSameAgreementForEveryCombinationOfOptions() {
        List<String> clientSpecs = combinations(new String[] {"", "noOfferCmwb", "cmwb=8", "cmwb=12"});
        List<String> serverSpecs = combinations(new String[] {"", "cmwb=9", "cmwb=13"});
        int agreed = 0;
        int declined = 0;
        for (String clientSpec : clientSpecs) {
            PerMessageDeflateOptions client = options(clientSpec);
            String offer = PerMessageDeflate.offer(client);
            for (String serverSpec : serverSpecs) {
                PerMessageDeflateOptions server = options(serverSpec);
                String pair = "client {" + clientSpec + "} server {" + serverSpec + "}";
                Optional<PerMessageDeflate.Acceptance> accepted =
                        PerMessageDeflate.accept(ExtensionHeader.parse(offer), server);
                boolean clientAnnounces = client.clientMaxWindowBits().isPresent() || client.offerClientMaxWindowBits();
                if (server.clientMaxWindowBits().isPresent() && !clientAnnounces) {
                    assertThat(accepted).as(pair).isEmpty();
                    declined++;
                    continue;
                }
                assertThat(accepted).as(pair).isPresent();
                DeflateParameters agreement = accepted.get().parameters();
                assertThat(PerMessageDeflate.acceptResponse(
                        ExtensionHeader.parse(accepted.get().responseHeader()), client))
                        .as(pair).isEqualTo(agreement);

                assertThat(agreement.serverNoContextTakeover()).as(pair)
                        .isEqualTo(client.serverNoContextTakeover() || server.serverNoContextTakeover());
                assertThat(agreement.clientNoContextTakeover()).as(pair)
                        .isEqualTo(client.clientNoContextTakeover() || server.clientNoContextTakeover());
                assertThat(agreement.serverMaxWindowBits()).as(pair).isEqualTo(Math.min(
                        client.serverMaxWindowBits().orElse(15), server.serverMaxWindowBits().orElse(15)));
                assertThat(agreement.clientMaxWindowBits()).as(pair).isEqualTo(Math.min(
                        client.clientMaxWindowBits().orElse(15), server.clientMaxWindowBits().orElse(15)));
                agreed++;
            }
        }
        // 48 client × 36 server option sets; declined: 12 clients without the announcement × 24
        // servers that limit the client's window
        assertThat(agreed).isEqualTo(48 * 36 - 288);
        assertThat(declined).isEqualTo(12 * 24);
    }

    /**
     * The window-bits choices given, each combined with every subset of {@code snct}, {@code cnct} and
     * a server window of unset, 8 or 14.
     */
    private static List<String> combinations(String[] clientWindowChoices) {
        List<String> specs = new ArrayList<>();
        for (String window : clientWindowChoices) {
            for (String serverWindow : new String[] {"", "smwb=8", "smwb=14"}) {
                for (int flags = 0; flags < 4; flags++) {
                    List<String> items = new ArrayList<>();
                    if ((flags & 1) != 0) {
                        items.add("snct");
                    }
                    if ((flags & 2) != 0) {
                        items.add("cnct");
                    }
                    if (!serverWindow.isEmpty()) {
                        items.add(serverWindow);
                    }
                    if (!window.isEmpty()) {
                        items.add(window);
                    }
                    specs.add(String.join(", ", items));
                }
            }
        }
        return specs;
    }

    @ParameterizedTest(name = "offer \"{0}\", options \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate; server_max_window_bits=15 | | permessage-deflate; server_max_window_bits=15",
        "permessage-deflate; server_max_window_bits=12 | | permessage-deflate; server_max_window_bits=12",
        "permessage-deflate; server_max_window_bits=12 | smwb=10 | permessage-deflate; server_max_window_bits=10",
        "permessage-deflate | | permessage-deflate",
        "permessage-deflate | smwb=11 | permessage-deflate; server_max_window_bits=11",
        "permessage-deflate; client_max_window_bits | | permessage-deflate",
    })
    void theResponseAnswersAnOfferedServerWindowEvenWhenItIsTheDefault(String offer, String optionSpec,
            String response) {
        PerMessageDeflate.Acceptance accepted = PerMessageDeflate.accept(ExtensionHeader.parse(offer),
                options(optionSpec == null ? "" : optionSpec)).orElseThrow();
        assertThat(accepted.responseHeader()).isEqualTo(response);
    }
}
