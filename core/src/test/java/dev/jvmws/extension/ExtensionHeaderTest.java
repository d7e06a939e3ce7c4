package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionHeaderTest {

    private static final String INVALID = "Invalid Sec-WebSocket-Extensions header: ";

    private static Extension ext(String name, ExtensionParameter... parameters) {
        return new Extension(name, Arrays.asList(parameters));
    }

    private static ExtensionParameter param(String name, String value) {
        return new ExtensionParameter(name, value);
    }

    private static ExtensionParameter flag(String name) {
        return new ExtensionParameter(name, null);
    }

    // --- parsing valid headers ---

    @Test
    void parsesABareExtensionName() {
        assertThat(ExtensionHeader.parse("permessage-deflate"))
                .containsExactly(ext("permessage-deflate"));
    }

    @Test
    void parsesParametersWithAndWithoutValues() {
        assertThat(ExtensionHeader.parse("permessage-deflate; client_max_window_bits; server_max_window_bits=10"))
                .containsExactly(ext("permessage-deflate",
                        flag("client_max_window_bits"), param("server_max_window_bits", "10")));
    }

    @Test
    void parsesSeveralExtensionsInOrder() {
        assertThat(ExtensionHeader.parse("foo, bar; baz=2;quux, permessage-deflate"))
                .containsExactly(
                        ext("foo"),
                        ext("bar", param("baz", "2"), flag("quux")),
                        ext("permessage-deflate"));
    }

    @Test
    void acceptsEveryTcharInNamesAndValues() {
        String tchars = "!#$%&'*+-.^_`|~09azAZ";
        assertThat(ExtensionHeader.parse(tchars + "; " + tchars + "=" + tchars))
                .containsExactly(ext(tchars, param(tchars, tchars)));
    }

    @Test
    void keepsTheCaseOfNamesAndValues() {
        assertThat(ExtensionHeader.parse("Permessage-Deflate; Server_No_Context_Takeover=AbC"))
                .containsExactly(ext("Permessage-Deflate", param("Server_No_Context_Takeover", "AbC")));
    }

    @Test
    void keepsRepeatedParametersForTheExtensionToJudge() {
        assertThat(ExtensionHeader.parse("a; p; p=1; p=2"))
                .containsExactly(ext("a", flag("p"), param("p", "1"), param("p", "2")));
    }

    @Test
    void keepsRepeatedExtensions() {
        assertThat(ExtensionHeader.parse("a, a; p"))
                .containsExactly(ext("a"), ext("a", flag("p")));
    }

    @Test
    void unquotesQuotedValues() {
        assertThat(ExtensionHeader.parse("a; p=\"10\"")).containsExactly(ext("a", param("p", "10")));
    }

    @Test
    void unescapesQuotedPairs() {
        assertThat(ExtensionHeader.parse("a; p=\"\\1\\0\"; q=\"x\\-y\""))
                .containsExactly(ext("a", param("p", "10"), param("q", "x-y")));
    }

    @Test
    void acceptsOptionalWhitespaceAroundEverySeparator() {
        assertThat(ExtensionHeader.parse(" \t a \t ; \t p \t = \t v \t ; q \t = \t \"w\" \t , \t b \t "))
                .containsExactly(ext("a", param("p", "v"), param("q", "w")), ext("b"));
    }

    @Test
    void acceptsParametersWithoutSpaces() {
        assertThat(ExtensionHeader.parse("a;p=1;q,b"))
                .containsExactly(ext("a", param("p", "1"), flag("q")), ext("b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {", , a", "a,,", ",a", "a, ,", "a ,\t,", " ,\t, a ,, "})
    void skipsEmptyListElements(String header) {
        assertThat(ExtensionHeader.parse(header)).containsExactly(ext("a"));
    }

    @Test
    void skipsEmptyListElementsBetweenExtensions() {
        assertThat(ExtensionHeader.parse("a,, ,b")).containsExactly(ext("a"), ext("b"));
    }

    @Test
    void parsesHeaderLinesJoinedWithACommaAndSpace() {
        String joined = String.join(", ", "permessage-deflate; client_max_window_bits", "permessage-deflate");
        assertThat(ExtensionHeader.parse(joined)).containsExactly(
                ext("permessage-deflate", flag("client_max_window_bits")), ext("permessage-deflate"));
    }

    @Test
    void returnsUnmodifiableLists() {
        List<Extension> parsed = ExtensionHeader.parse("a; p");
        assertThatThrownBy(() -> parsed.add(ext("b"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parsed.get(0).parameters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // --- syntax errors ---

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                // no extension at all
                arguments("", "no extension in \"\""),
                arguments(" \t ", "no extension in \" \t \""),
                arguments(",", "no extension in \",\""),
                arguments(" , ,\t,", "no extension in \" , ,\t,\""),
                // missing or malformed extension name
                arguments(";a", "unexpected character ';' at index 0, expected an extension name"),
                arguments("a,;", "unexpected character ';' at index 2, expected an extension name"),
                arguments("\"a\"", "unexpected character '\"' at index 0, expected an extension name"),
                arguments("=a", "unexpected character '=' at index 0, expected an extension name"),
                // junk after a name or value
                arguments("a b", "unexpected character 'b' at index 2, expected ',' or ';'"),
                arguments("a=1", "unexpected character '=' at index 1, expected ',' or ';'"),
                arguments("a/b", "unexpected character '/' at index 1, expected ',' or ';'"),
                arguments("a; p=1 2", "unexpected character '2' at index 7, expected ',' or ';'"),
                arguments("a; p=\"1\"2", "unexpected character '2' at index 8, expected ',' or ';'"),
                arguments("a; p q", "unexpected character 'q' at index 5, expected ',' or ';'"),
                // missing parameter name (incl. trailing ';')
                arguments("a;", "unexpected end of input, expected a parameter name"),
                arguments("a; ", "unexpected end of input, expected a parameter name"),
                arguments("a, b;", "unexpected end of input, expected a parameter name"),
                arguments("a;;b", "unexpected character ';' at index 2, expected a parameter name"),
                arguments("a; , b", "unexpected character ',' at index 3, expected a parameter name"),
                arguments("a; =1", "unexpected character '=' at index 3, expected a parameter name"),
                arguments("a; \"p\"=1", "unexpected character '\"' at index 3, expected a parameter name"),
                // '=' without a value
                arguments("a; p=", "unexpected end of input, expected a parameter value"),
                arguments("a; p = ", "unexpected end of input, expected a parameter value"),
                arguments("a; p=;", "unexpected character ';' at index 5, expected a parameter value"),
                arguments("a; p=,b", "unexpected character ',' at index 5, expected a parameter value"),
                arguments("a; p==1", "unexpected character '=' at index 5, expected a parameter value"),
                // quoted values
                arguments("a; p=\"x y\"", "the quoted value at index 5 is not a token: \"x y\""),
                arguments("a; p=\"\"", "the quoted value at index 5 is not a token: \"\""),
                arguments("a; p=\"a\\\"b\"", "the quoted value at index 5 is not a token: \"a\\\"b\""),
                arguments("a; p=\"a\\\\b\"", "the quoted value at index 5 is not a token: \"a\\\\b\""),
                arguments("a; p=\"a,b\"", "the quoted value at index 5 is not a token: \"a,b\""),
                arguments("a; p=\"caf\u00e9\"", "the quoted value at index 5 is not a token: \"caf\u00e9\""),
                arguments("a; p=\"abc", "unterminated quoted-string starting at index 5"),
                arguments("a; p=\"", "unterminated quoted-string starting at index 5"),
                arguments("a; p=\"abc\\", "unterminated quoted-string starting at index 5"),
                arguments("a; p=\"ab\\\"", "unterminated quoted-string starting at index 5"),
                // control characters and non-ASCII outside the allowed places
                arguments("a\u0000", "unexpected character U+0000 at index 1, expected ',' or ';'"),
                arguments("a\r\n b", "unexpected character U+000D at index 1, expected ',' or ';'"),
                arguments("a\n", "unexpected character U+000A at index 1, expected ',' or ';'"),
                arguments("\u0001a", "unexpected character U+0001 at index 0, expected an extension name"),
                arguments("a;p=\u007f", "unexpected character U+007F at index 4, expected a parameter value"),
                arguments("caf\u00e9", "unexpected character U+00E9 at index 3, expected ',' or ';'"),
                arguments("a\u00a0", "unexpected character U+00A0 at index 1, expected ',' or ';'"),
                arguments("a\u0080", "unexpected character U+0080 at index 1, expected ',' or ';'"),
                arguments("a; p=\"\u00ff\"", "the quoted value at index 5 is not a token: \"\u00ff\""),
                arguments("a; p=\"a\u0001\"",
                        "unexpected character U+0001 at index 7, expected a quoted-string character"),
                arguments("a; p=\"a\u007f\"",
                        "unexpected character U+007F at index 7, expected a quoted-string character"),
                arguments("a; p=\"a\\\u0001\"",
                        "unexpected character U+0001 at index 8, expected an escapable character"),
                arguments("a; p=\"a\u0100\"",
                        "unexpected character U+0100 at index 7, expected a quoted-string character"));
    }

    @ParameterizedTest
    @MethodSource("malformedHeaders")
    void rejectsMalformedHeadersWithAPreciseMessage(String header, String problem) {
        assertThatThrownBy(() -> ExtensionHeader.parse(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(INVALID + problem);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ExtensionHeader.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing Sec-WebSocket-Extensions value");
    }

    // --- formatting ---

    @Test
    void formatsAnExtensionWithParametersInOrder() {
        Extension extension = ext("permessage-deflate",
                param("client_max_window_bits", "10"), flag("server_no_context_takeover"));
        assertThat(extension.format())
                .isEqualTo("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");
    }

    @Test
    void formatsABareExtension() {
        assertThat(ext("x-foo").format()).isEqualTo("x-foo");
    }

    @Test
    void quotesValuesThatAreNotTokens() {
        assertThat(ext("x", param("p", "a b")).format()).isEqualTo("x; p=\"a b\"");
        assertThat(ext("x", param("p", "a\"b\\c")).format()).isEqualTo("x; p=\"a\\\"b\\\\c\"");
        assertThat(ext("x", param("p", "")).format()).isEqualTo("x; p=\"\"");
        assertThat(ext("x", param("p", "a,b;c=d")).format()).isEqualTo("x; p=\"a,b;c=d\"");
        assertThat(ext("x", param("p", "caf\u00e9\tx")).format()).isEqualTo("x; p=\"caf\u00e9\tx\"");
    }

    @Test
    void formatsAListJoinedWithCommaAndSpace() {
        assertThat(ExtensionHeader.format(List.of(ext("a", flag("p")), ext("b"), ext("c", param("q", "1")))))
                .isEqualTo("a; p, b, c; q=1");
        assertThat(ExtensionHeader.format(List.of(ext("a")))).isEqualTo("a");
        assertThat(ExtensionHeader.format(List.of())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate",
        "permessage-deflate; client_max_window_bits",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10;"
                + " client_max_window_bits=9",
        "a; p=1; q, b, c; r",
        "!#$%&'*+-.^_`|~09azAZ; !#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~"})
    void formatsCanonicalHeadersBackUnchanged(String header) {
        assertThat(ExtensionHeader.format(ExtensionHeader.parse(header))).isEqualTo(header);
    }

    @Test
    void normalisesWhitespaceQuotesAndEmptyElements() {
        assertThat(ExtensionHeader.format(ExtensionHeader.parse(" ,a ;p = \"1\"\t;q ,, b\t")))
                .isEqualTo("a; p=1; q, b");
    }

    @Test
    void parsesWhatItFormats() {
        List<Extension> extensions = List.of(
                ext("permessage-deflate", param("server_max_window_bits", "10"), flag("client_max_window_bits")),
                ext("x-webkit-deflate-frame"),
                ext("a", param("p", "v"), param("p", "w")));
        assertThat(ExtensionHeader.parse(ExtensionHeader.format(extensions))).isEqualTo(extensions);
    }

    @Test
    void refusesToParseTheQuotedNonTokenItFormats() {
        // RFC 6455 §9.1: a quoted value must still be a token, so formatting is wider than parsing.
        String formatted = ext("x", param("p", "a b")).format();
        assertThatThrownBy(() -> ExtensionHeader.parse(formatted))
                .hasMessage(INVALID + "the quoted value at index 5 is not a token: \"a b\"");
    }

    // --- the records' own checks ---

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a,b", "a;b", "a=b", "\"a\"", "caf\u00e9", "a\r\n"})
    void refusesNonTokenNames(String name) {
        assertThatThrownBy(() -> new Extension(name, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid extension name: " + name);
        assertThatThrownBy(() -> new ExtensionParameter(name, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid extension parameter name: " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Injected: 1", "a\n", "\u0000", "\u007f", "\u0100", "\u20ac"})
    void refusesValuesNoHeaderCanCarry(String value) {
        assertThatThrownBy(() -> new ExtensionParameter("p", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for extension parameter \"p\"");
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> new Extension(null, List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Extension("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExtensionParameter(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Extension("a", Arrays.asList(flag("p"), null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void copiesTheParameterList() {
        List<ExtensionParameter> parameters = new ArrayList<>(List.of(flag("p")));
        Extension extension = new Extension("a", parameters);
        parameters.add(flag("q"));
        assertThat(extension.parameters()).containsExactly(flag("p"));
        assertThatThrownBy(() -> extension.parameters().add(flag("r")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
