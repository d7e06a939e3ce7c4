package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.extension.MessageInflater;
import dev.jvmws.extension.ZlibStreams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Frames produced by another implementation, Node's ws 8.23.0 ({@code Sender} with a fixed mask
 * 37 fa 21 3d, and its permessage-deflate with context takeover), captured as bytes: our reader
 * must understand them and our writer must produce the same bytes, so neither side's evidence is a
 * round trip through our own code alone.
 */
class NodeWsFramesTest {
    private static final int MASK = 0x37fa213d;
    private static final String MASKED_TEXT_HELLO = "818537fa213d7f9f4d5158";
    private static final String UNMASKED_BINARY_300 = "827e012c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b";
    private static final String MASKED_PING = "898437fa213d47934f5a";
    private static final String CLOSE_1000_BYE = "880503e8627965";
    /** Two messages "Hello Hello Hello", the second compressed against the first (context takeover). */
    private static final String DEFLATED_TWICE = "c10bf248cdc9c957f040900000c105f240170000";

    private static byte[] counting(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    @Test
    void readsWhatNodeWsSends() {
        SplitFeeder.assertEvents(hex(MASKED_TEXT_HELLO), Role.SERVER, r -> r.assertNextText("Hello"));
        SplitFeeder.assertEvents(hex(UNMASKED_BINARY_300), Role.CLIENT, r -> r.assertNextBinary(counting(300)));
        SplitFeeder.assertEvents(hex(MASKED_PING), Role.SERVER, r -> r.assertNextPing("ping".getBytes(StandardCharsets.UTF_8)));
        SplitFeeder.assertEvents(hex(CLOSE_1000_BYE), Role.CLIENT, r -> r.assertNextClose(1000, "bye"));
    }

    @Test
    void writesWhatNodeWsWrites() {
        assertThat(write(0x1, "Hello".getBytes(StandardCharsets.UTF_8), true)).isEqualTo(MASKED_TEXT_HELLO);
        assertThat(write(0x2, counting(300), false)).isEqualTo(UNMASKED_BINARY_300);
        assertThat(write(0x9, "ping".getBytes(StandardCharsets.UTF_8), true)).isEqualTo(MASKED_PING);
        ByteBuffer close = FrameWriter.closePayload(1000, "bye");
        byte[] closeBytes = new byte[close.remaining()];
        close.get(closeBytes);
        assertThat(write(0x8, closeBytes, false)).isEqualTo(CLOSE_1000_BYE);
    }

    @Test
    void inflatesNodeWsCompressedMessagesWithContextTakeover() {
        for (int split = 1; split < hex(DEFLATED_TWICE).length; split++) {
            Receiver receiver = new Receiver(Role.CLIENT, limits -> limits.withAllowedRsv(Opcode.RSV1));
            receiver.assembler.enableDecompression(new MessageInflater(15, false, ZlibStreams.pooled()));
            byte[] bytes = hex(DEFLATED_TWICE);
            receiver.feed(bytes, 0, split).feed(bytes, split, bytes.length);
            receiver.events.assertNextText("Hello Hello Hello").assertNextText("Hello Hello Hello");
        }
    }

    private static String write(int opcode, byte[] payload, boolean masked) {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.headerSize(payload.length, masked) + payload.length);
        FrameWriter.writeFrame(out, true, 0, opcode, ByteBuffer.wrap(payload), masked, MASK);
        return TestFrames.hex(java.util.Arrays.copyOf(out.array(), out.position()));
    }
}
