package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenDropsTest {
    @Test
    void readsListenOverflowsFromTheTcpExtPair() {
        String netstat = "TcpExt: SyncookiesSent TW ListenOverflows ListenDrops\n"
                + "TcpExt: 0 360088 2905 2906\n"
                + "IpExt: InNoRoutes ListenOverflows\n"
                + "IpExt: 0 7\n";

        assertThat(ListenDrops.parse(netstat)).isEqualTo(2905);
    }

    @Test
    void isMinusOneWhenAbsent() {
        assertThat(ListenDrops.parse("IpExt: InNoRoutes\nIpExt: 0\n")).isEqualTo(-1);
    }
}
