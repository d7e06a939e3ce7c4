package dev.jvmws.bench.abuse;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What an attack gets from the runner: the testee's address, the size to attack at, and the sampler
 * (A10 reads the testee's CPU over its own window).
 */
record AttackContext(InetSocketAddress target, Scale scale, ProcessSampler sampler) {
    /** {@code System.nanoTime()} {@code duration} from now. */
    static long after(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    String host() {
        return target.getHostString();
    }

    int port() {
        return target.getPort();
    }
}
