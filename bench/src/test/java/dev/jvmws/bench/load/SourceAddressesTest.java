package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {
    @Test
    void usesOneAddressPerFourThousandConnections() {
        assertThat(SourceAddresses.forConnections(100).size()).isEqualTo(1);
        assertThat(SourceAddresses.forConnections(4096).size()).isEqualTo(1);
        assertThat(SourceAddresses.forConnections(10_000).size()).isEqualTo(3);
    }

    @Test
    void spreadsOverDistinctLoopbackAddressesRoundRobin() {
        SourceAddresses addresses = SourceAddresses.spread(16);
        Set<InetSocketAddress> seen = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            InetSocketAddress address = addresses.next();
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            assertThat(address.getPort()).isZero();
            seen.add(address);
        }
        assertThat(seen).hasSize(16);
    }
}
