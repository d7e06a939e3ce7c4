package dev.jvmws.handshake;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed: addresses and CIDR blocks, IPv4 and IPv6
 * ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}, {@code fd00::/8}). {@link #clientAddress}
 * walks a request's chain from the nearest hop back and stops at the first address not trusted:
 * that one is the client, as far as anyone can tell. Literal addresses only: nothing is ever looked
 * up in DNS. Immutable and thread-safe.
 */
public final class TrustedProxies {
    /** No proxy is trusted: the client is the socket's peer, whatever the headers say. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefixBits) {}

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * @param addressesOrCidrs each an IP literal or {@code literal/prefix}
     * @throws IllegalArgumentException for anything else (a host name, a bad prefix)
     */
    public static TrustedProxies of(String... addressesOrCidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String spec : addressesOrCidrs) {
            int slash = spec.indexOf('/');
            byte[] network = literal(slash < 0 ? spec : spec.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + spec);
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(spec.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + spec);
                }
            }
            blocks.add(new Block(network, prefix));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is not trusted) is one of these proxies. */
    public boolean trusts(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.network().length == bytes.length && samePrefix(block.network(), bytes, block.prefixBits())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: {@code peer} (the socket's) unless it is trusted, then the forwarded
     * chain from its end, skipping trusted hops; when every hop is trusted, the first of the chain.
     */
    public String clientAddress(String peer, List<String> forwardedChain) {
        if (peer == null || !trusts(peer)) {
            return peer;
        }
        for (int i = forwardedChain.size() - 1; i >= 0; i--) {
            if (!trusts(forwardedChain.get(i))) {
                return forwardedChain.get(i);
            }
        }
        return forwardedChain.isEmpty() ? peer : forwardedChain.get(0);
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        BigInteger mask = BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE)
                .shiftRight(bits).not();
        BigInteger left = new BigInteger(1, a).and(mask);
        BigInteger right = new BigInteger(1, b).and(mask);
        return left.equals(right);
    }

    /** The bytes of an IP literal, or null for anything that is not one (never a DNS lookup). */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
