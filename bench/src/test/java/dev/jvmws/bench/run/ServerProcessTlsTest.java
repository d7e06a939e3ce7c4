package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server launched for the TLS workloads is measured only if it announced the provider its row expects. */
class ServerProcessTlsTest {
    @TempDir
    Path logs;

    /** A stand-in server: prints {@code lines}, then idles until stopped. */
    private static ServerSpec printing(String lines, Pattern announcement) {
        TlsSupport tls = TlsSupport.with("test", announcement, List.of());
        return new ServerSpec("fake", "fake", port -> List.of("sh", "-c", "printf '" + lines + "'; exec sleep 30"),
                Map.of(), EnumSet.of(Scenario.E1T), false, false, CompressionSupport.none("test"), tls, false)
                .withTls();
    }

    @Test
    void anAnnouncedProviderAsExpectedIsMeasured() throws Exception {
        ServerSpec spec = printing("tls provider Conscrypt 2.5.2\\nlistening 1\\n",
                Pattern.compile("^tls provider Conscrypt ", Pattern.MULTILINE));
        try (ServerProcess server = ServerProcess.start(spec, logs.resolve("ok.log"))) {
            assertThat(server.tlsLine()).isEqualTo("tls provider Conscrypt 2.5.2");
        }
    }

    @Test
    void anotherProviderIsRefusedWithWhatItSaid() {
        ServerSpec spec = printing("tls provider JDK SunJSSE 17\\nlistening 1\\n",
                Pattern.compile("^tls provider Conscrypt ", Pattern.MULTILINE));

        assertThatThrownBy(() -> ServerProcess.start(spec, logs.resolve("other.log")).close())
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("does not announce the expected TLS provider")
                .hasMessageContaining("tls provider JDK SunJSSE 17");
    }

    @Test
    void noAnnouncementIsRefusedToo() {
        ServerSpec spec = printing("listening 1\\n", Pattern.compile("^tls provider netty-tcnative ", Pattern.MULTILINE));

        assertThatThrownBy(() -> ServerProcess.start(spec, logs.resolve("none.log")).close())
                .isInstanceOf(ServerStartException.class).hasMessageContaining("no 'tls provider' line");
    }
}
