package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerMessageDeflateOptionsTest {

    @Test
    void hasWsDefaults() {
        PerMessageDeflateOptions defaults = PerMessageDeflateOptions.DEFAULTS;
        assertThat(defaults.threshold()).isEqualTo(1024);
        assertThat(defaults.concurrencyLimit()).isEqualTo(10);
        assertThat(defaults.serverNoContextTakeover()).isFalse();
        assertThat(defaults.clientNoContextTakeover()).isFalse();
        assertThat(defaults.serverMaxWindowBits()).isEmpty();
        assertThat(defaults.clientMaxWindowBits()).isEmpty();
        assertThat(defaults.offerClientMaxWindowBits()).isTrue();
        assertThat(defaults.level()).isEqualTo(Deflater.DEFAULT_COMPRESSION).isEqualTo(-1);
        assertThat(defaults.strategy()).isEqualTo(Deflater.DEFAULT_STRATEGY);
    }

    @Test
    void aFreshBuilderBuildsTheDefaults() {
        assertThat(PerMessageDeflateOptions.builder().build())
                .isEqualTo(PerMessageDeflateOptions.DEFAULTS)
                .hasSameHashCodeAs(PerMessageDeflateOptions.DEFAULTS);
    }

    @Test
    void setsEveryOption() {
        PerMessageDeflateOptions options = PerMessageDeflateOptions.builder()
                .threshold(0)
                .concurrencyLimit(3)
                .serverNoContextTakeover(true)
                .clientNoContextTakeover(true)
                .serverMaxWindowBits(9)
                .clientMaxWindowBits(12)
                .offerClientMaxWindowBits(false)
                .level(9)
                .strategy(Deflater.HUFFMAN_ONLY)
                .build();
        assertThat(options.threshold()).isZero();
        assertThat(options.concurrencyLimit()).isEqualTo(3);
        assertThat(options.serverNoContextTakeover()).isTrue();
        assertThat(options.clientNoContextTakeover()).isTrue();
        assertThat(options.serverMaxWindowBits()).isEqualTo(OptionalInt.of(9));
        assertThat(options.clientMaxWindowBits()).isEqualTo(OptionalInt.of(12));
        assertThat(options.offerClientMaxWindowBits()).isFalse();
        assertThat(options.level()).isEqualTo(9);
        assertThat(options.strategy()).isEqualTo(Deflater.HUFFMAN_ONLY);
        assertThat(options.toString()).isEqualTo("PerMessageDeflateOptions[threshold=0, concurrencyLimit=3,"
                + " serverNoContextTakeover=true, clientNoContextTakeover=true, serverMaxWindowBits=OptionalInt[9],"
                + " clientMaxWindowBits=OptionalInt[12], offerClientMaxWindowBits=false, level=9, strategy=2]");
    }

    @Test
    void builtOptionsDoNotChangeWithTheBuilder() {
        PerMessageDeflateOptions.Builder builder = PerMessageDeflateOptions.builder().threshold(5);
        PerMessageDeflateOptions first = builder.build();
        builder.threshold(6).serverMaxWindowBits(10);
        assertThat(first.threshold()).isEqualTo(5);
        assertThat(first.serverMaxWindowBits()).isEmpty();
        assertThat(builder.build().threshold()).isEqualTo(6);
    }

    @Test
    void eachOptionTakesPartInEquality() {
        PerMessageDeflateOptions d = PerMessageDeflateOptions.DEFAULTS;
        assertThat(PerMessageDeflateOptions.builder().threshold(1).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().concurrencyLimit(1).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().serverNoContextTakeover(true).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().clientNoContextTakeover(true).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().serverMaxWindowBits(15).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().clientMaxWindowBits(15).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().offerClientMaxWindowBits(false).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().level(1).build()).isNotEqualTo(d);
        assertThat(PerMessageDeflateOptions.builder().strategy(Deflater.FILTERED).build()).isNotEqualTo(d);
    }

    @Test
    void equalOptionsHashAlikeAndDifferentOptionsSpreadOut() {
        assertThat(PerMessageDeflateOptions.builder().build().hashCode()).isEqualTo(PerMessageDeflateOptions.DEFAULTS.hashCode());
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int level = 0; level <= 9; level++) {
            hashes.add(PerMessageDeflateOptions.builder().level(level).build().hashCode());
        }
        assertThat(hashes).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1024, Integer.MAX_VALUE})
    void acceptsAnyNonNegativeThreshold(int bytes) {
        assertThat(PerMessageDeflateOptions.builder().threshold(bytes).build().threshold()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void refusesANegativeThreshold(int bytes) {
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().threshold(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be >= 0: " + bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, Integer.MAX_VALUE})
    void acceptsAPositiveConcurrencyLimit(int limit) {
        assertThat(PerMessageDeflateOptions.builder().concurrencyLimit(limit).build().concurrencyLimit())
                .isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesAConcurrencyLimitBelowOne(int limit) {
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().concurrencyLimit(limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrencyLimit must be >= 1: " + limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15})
    void acceptsWindowsFrom8To15(int bits) {
        PerMessageDeflateOptions options = PerMessageDeflateOptions.builder()
                .serverMaxWindowBits(bits).clientMaxWindowBits(bits).build();
        assertThat(options.serverMaxWindowBits()).isEqualTo(OptionalInt.of(bits));
        assertThat(options.clientMaxWindowBits()).isEqualTo(OptionalInt.of(bits));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 7, 16, Integer.MAX_VALUE})
    void refusesWindowsOutside8To15(int bits) {
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().serverMaxWindowBits(bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serverMaxWindowBits must be 8-15: " + bits);
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().clientMaxWindowBits(bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientMaxWindowBits must be 8-15: " + bits);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 5, 9})
    void acceptsZlibLevels(int level) {
        assertThat(PerMessageDeflateOptions.builder().level(level).build().level()).isEqualTo(level);
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, 10, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void refusesOtherLevels(int level) {
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().level(level))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("level must be -1 to 9: " + level);
    }

    @ParameterizedTest
    @ValueSource(ints = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY})
    void acceptsTheDeflaterStrategies(int strategy) {
        assertThat(PerMessageDeflateOptions.builder().strategy(strategy).build().strategy()).isEqualTo(strategy);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 4, Integer.MAX_VALUE})
    void refusesOtherStrategies(int strategy) {
        assertThatThrownBy(() -> PerMessageDeflateOptions.builder().strategy(strategy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("strategy must be Deflater.DEFAULT_STRATEGY, FILTERED or HUFFMAN_ONLY: " + strategy);
    }

    @Test
    void aRefusedValueLeavesTheBuilderUnchanged() {
        PerMessageDeflateOptions.Builder builder = PerMessageDeflateOptions.builder()
                .threshold(7).concurrencyLimit(2).serverMaxWindowBits(9).clientMaxWindowBits(10).level(3)
                .strategy(Deflater.FILTERED);
        assertThatThrownBy(() -> builder.threshold(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.concurrencyLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.serverMaxWindowBits(16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.clientMaxWindowBits(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.level(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.strategy(3)).isInstanceOf(IllegalArgumentException.class);
        PerMessageDeflateOptions options = builder.build();
        assertThat(options.threshold()).isEqualTo(7);
        assertThat(options.concurrencyLimit()).isEqualTo(2);
        assertThat(options.serverMaxWindowBits()).isEqualTo(OptionalInt.of(9));
        assertThat(options.clientMaxWindowBits()).isEqualTo(OptionalInt.of(10));
        assertThat(options.level()).isEqualTo(3);
        assertThat(options.strategy()).isEqualTo(Deflater.FILTERED);
    }
}
