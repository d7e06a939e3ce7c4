package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TesteeTest {
    private static boolean compressionAfter(String... args) {
        Testee.Server server = new Testee.Server();
        Testee.commandLine(server).parseArgs(args);
        return server.compression;
    }

    @Test
    void theServerAcceptsCompressionUnlessToldNotToAndTheLastFlagWins() {
        assertThat(compressionAfter()).isTrue();
        assertThat(compressionAfter("--no-compression")).isFalse();
        assertThat(compressionAfter("--compression")).isTrue();
        // The benchmark starts a plain run with --no-compression and its compressed run appends --compression.
        assertThat(compressionAfter("--port", "9", "--no-compression", "--compression")).isTrue();
        assertThat(compressionAfter("--compression", "--no-compression")).isFalse();
    }
}
