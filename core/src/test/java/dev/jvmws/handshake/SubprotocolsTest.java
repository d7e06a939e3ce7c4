package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubprotocolsTest {

    @Test
    void parsesTokensInOrder() {
        assertThat(Subprotocols.parse("chat")).containsExactly("chat");
        assertThat(Subprotocols.parse("superchat, chat,v2.json")).containsExactly("superchat", "chat", "v2.json");
        assertThat(Subprotocols.parse("a \t,\t b")).containsExactly("a", "b");
        assertThat(Subprotocols.parse(" a ")).containsExactly("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "a,", ",a", "a,,b", "a b", "a;b", "a,b,a", "\"a\"", "a/b", "caf\u00e9"})
    void rejectsMalformedValues(String value) {
        assertThatThrownBy(() -> Subprotocols.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsDuplicates() {
        assertThatThrownBy(() -> Subprotocols.parse("a, b, a")).hasMessageContaining("duplicated");
    }

    @Test
    void isTokenFollowsRfc7230() {
        assertThat(Subprotocols.isToken("chat.v1+json")).isTrue();
        assertThat(Subprotocols.isToken("!#$%&'*+-.^_`|~09azAZ")).isTrue();
        assertThat(Subprotocols.isToken("")).isFalse();
        assertThat(Subprotocols.isToken("a b")).isFalse();
        assertThat(Subprotocols.isToken("a,b")).isFalse();
        assertThat(Subprotocols.isToken(null)).isFalse();
    }

    @Test
    void formatsWithCommasOnly() {
        assertThat(Subprotocols.format(List.of("chat", "superchat"))).isEqualTo("chat,superchat");
        assertThat(Subprotocols.format(List.of())).isEmpty();
        assertThatThrownBy(() -> Subprotocols.format(List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
    }
}
