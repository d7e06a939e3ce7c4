package dev.jvmws.extension;

import static dev.jvmws.extension.MessageDeflaterTest.bytes;
import static dev.jvmws.extension.MessageDeflaterTest.longDistanceRepeats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.protocol.Decompressor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageInflaterTest {
    private static final byte[] HELLO = MessageDeflaterTest.HELLO;
    private final ZlibPool pool = new ZlibPool();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Decompressor.Sink collect = (bytes, offset, length) -> {
        output.write(bytes, offset, length);
        return true;
    };

    @AfterEach
    void closePool() {
        pool.close();
    }

    private byte[] receive(MessageInflater inflater, byte[]... frames) throws DataFormatException {
        output.reset();
        for (byte[] frame : frames) {
            assertThat(inflater.inflate(ByteBuffer.wrap(frame), collect)).isTrue();
        }
        assertThat(inflater.finish(collect)).isTrue();
        return output.toByteArray();
    }

    /** A peer's compressor: one JDK deflate stream, sync-flushed per message, trailer removed. */
    private static final class Peer {
        private final Deflater deflater = new Deflater(6, true);

        byte[] message(byte[] data) {
            deflater.setInput(data);
            byte[] out = new byte[data.length + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n - 4);
        }

        void end() {
            deflater.end();
        }
    }

    // --- RFC 7692 §7.2.3 examples, decoded (issue 9: fixtures from the RFC, not our own deflater's output) ---

    /** Receives {@code message} split in two at every point: the same text must come out each time. */
    private void assertDecodesAtEverySplit(byte[] message, byte[] expected) throws DataFormatException {
        for (int i = 0; i <= message.length; i++) {
            MessageInflater inflater = new MessageInflater(15, false, pool);
            assertThat(receive(inflater, Arrays.copyOf(message, i), Arrays.copyOfRange(message, i, message.length)))
                    .as("split at %d", i).isEqualTo(expected);
            inflater.release();
        }
    }

    @Test
    void decodesTheRfcExampleOfOneCompressedBlock() throws Exception {
        assertDecodesAtEverySplit(MessageDeflaterTest.RFC_HELLO, HELLO); // §7.2.3.1
    }

    @Test
    void decodesTheRfcExampleOfTwoMessagesSharingTheWindow() throws Exception {
        // §7.2.3.2: the second message is a back-reference into the first.
        MessageInflater inflater = new MessageInflater(15, false, pool);
        assertThat(receive(inflater, MessageDeflaterTest.RFC_HELLO)).isEqualTo(HELLO);
        assertThat(receive(inflater, MessageDeflaterTest.RFC_HELLO_AGAIN)).isEqualTo(HELLO);
        assertThat(receive(inflater, MessageDeflaterTest.RFC_HELLO_AGAIN)).isEqualTo(HELLO);
    }

    @Test
    void withoutContextTakeoverTheRfcsSecondMessageHasNothingToReferTo() throws Exception {
        MessageInflater inflater = new MessageInflater(15, true, pool);
        assertThat(receive(inflater, MessageDeflaterTest.RFC_HELLO)).isEqualTo(HELLO);
        assertThatThrownBy(() -> receive(inflater, MessageDeflaterTest.RFC_HELLO_AGAIN))
                .isInstanceOf(DataFormatException.class);
        inflater.release();
    }

    @Test
    void decodesTheRfcExampleOfABlockWithNoCompression() throws Exception {
        assertDecodesAtEverySplit(MessageDeflaterTest.RFC_HELLO_STORED, HELLO); // §7.2.3.3
    }

    @Test
    void decodesTheRfcExampleOfABlockWithBfinalSetAndTheNextMessageAfterIt() throws Exception {
        // §7.2.3.4: f3 48 cd c9 c9 07 00 00, the final block followed by the byte that completes the
        // appended trailer's empty block; what follows the end of that stream is a new one.
        byte[] bfinal = HexFormat.of().parseHex("f348cdc9c9070000");
        assertDecodesAtEverySplit(bfinal, HELLO);
        MessageInflater inflater = new MessageInflater(15, false, pool);
        assertThat(receive(inflater, bfinal)).isEqualTo(HELLO);
        assertThat(receive(inflater, MessageDeflaterTest.RFC_HELLO)).isEqualTo(HELLO);
    }

    @Test
    void decodesTheRfcExampleOfTwoBlocksInOneMessage() throws Exception {
        // §7.2.3.5: "He" in one block, sync-flushed (00 00 ff ff kept inside the message), then "llo".
        assertDecodesAtEverySplit(HexFormat.of().parseHex("f24805000000ffffcac9c90700"), HELLO);
    }

    @Test
    void decodesTheRfcExampleOfAnEmptyMessage() throws Exception {
        // §7.2.3.6: a lone 00, completed by the trailer into an empty stored block.
        assertDecodesAtEverySplit(new byte[] {0}, new byte[0]);
    }

    @Test
    void contextCarriesOverEvenWhenThePoolsInflaterServedAnotherConnectionInBetween() throws Exception {
        MessageInflater a = new MessageInflater(15, false, pool);
        MessageInflater b = new MessageInflater(15, false, pool);
        Peer peerA = new Peer();
        Peer peerB = new Peer();
        try {
            for (int i = 0; i < 12; i++) {
                byte[] data = longDistanceRepeats(2000 + i * 1500, i % 2);
                boolean toA = i % 3 != 1;
                byte[] compressed = (toA ? peerA : peerB).message(data);
                assertThat(receive(toA ? a : b, compressed)).isEqualTo(data);
            }
        } finally {
            peerA.end();
            peerB.end();
        }
    }

    @Test
    void aMessageSplitAtEveryByteDecodes() throws Exception {
        MessageInflater inflater = new MessageInflater(15, false, pool);
        Peer peer = new Peer();
        byte[] data = longDistanceRepeats(5000, 4);
        byte[] compressed = peer.message(data);
        byte[][] pieces = new byte[compressed.length][];
        for (int i = 0; i < compressed.length; i++) {
            pieces[i] = new byte[] {compressed[i]};
        }
        assertThat(receive(inflater, pieces)).isEqualTo(data);
        peer.end();
    }

    @Test
    void theSinkCanStopABombAfterOneChunk() throws Exception {
        MessageInflater inflater = new MessageInflater(15, false, pool);
        Peer peer = new Peer();
        byte[] bomb = peer.message(new byte[20 << 20]);
        peer.end();
        long[] seen = {0};
        boolean completed = inflater.inflate(ByteBuffer.wrap(bomb), (bytes, offset, length) -> {
            seen[0] += length;
            return seen[0] < 100_000;
        });
        assertThat(completed).isFalse();
        assertThat(seen[0]).isLessThan(100_000 + 64 * 1024);
        inflater.release();
    }

    @Test
    void aFinalBlockInsideAMessageIsFollowedByANewStreamWithTheSameHistory() throws Exception {
        byte[] first = "hello hello hello ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Deflater finishing = new Deflater(6, true);
        finishing.setInput(first);
        finishing.finish();
        byte[] out = new byte[256];
        int n = finishing.deflate(out);
        finishing.end();
        byte[] second = "hello again".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Deflater continuing = new Deflater(6, true);
        continuing.setDictionary(first);
        continuing.setInput(second);
        byte[] out2 = new byte[256];
        int m = continuing.deflate(out2, 0, out2.length, Deflater.SYNC_FLUSH);
        continuing.end();
        MessageInflater inflater = new MessageInflater(15, false, pool);
        byte[] message = new byte[n + m - 4];
        System.arraycopy(out, 0, message, 0, n);
        System.arraycopy(out2, 0, message, n, m - 4);
        assertThat(new String(receive(inflater, message), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("hello hello hello hello again");
    }

    @Test
    void invalidDataIsADataFormatException() {
        MessageInflater inflater = new MessageInflater(15, false, pool);
        assertThatThrownBy(() -> receive(inflater, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x13}))
                .isInstanceOf(DataFormatException.class);
        inflater.release();
    }

    @Test
    void withoutContextTakeoverEveryMessageStandsAlone() throws Exception {
        MessageInflater inflater = new MessageInflater(12, true, pool);
        MessageDeflater deflater = new MessageDeflater(12, true, 6, Deflater.DEFAULT_STRATEGY, pool);
        for (int i = 0; i < 4; i++) {
            byte[] data = longDistanceRepeats(9000, 1);
            assertThat(receive(inflater, bytes(deflater.compress(ByteBuffer.wrap(data), true)))).isEqualTo(data);
        }
    }

    @Test
    void bytesThatOnlyTheTrailerCompletesStillMeetTheSinksLimit() throws Exception {
        // A stored block cut one byte short: the first byte of the implied trailer is its last data
        // byte, so finish() produces output, and a sink at its limit must be able to stop it there.
        MessageInflater inflater = new MessageInflater(15, false, pool);
        byte[] cut = Arrays.copyOf(MessageDeflaterTest.RFC_HELLO_STORED, 9); // 00 0500 faff "Hell"
        int[] seen = {0};
        Decompressor.Sink fourBytes = (bytes, offset, length) -> (seen[0] += length) <= 4;
        assertThat(inflater.inflate(ByteBuffer.wrap(cut), fourBytes)).isTrue();
        assertThat(seen[0]).isEqualTo(4);
        assertThat(inflater.finish(fourBytes)).isFalse();
        assertThat(seen[0]).isEqualTo(5);
        inflater.release();
    }

    @Test
    void aConcurrencyPermitIsHeldOnlyWhileInflating() throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(1);
        MessageInflater inflater = new MessageInflater(15, false, new GatedStreams(pool, permits));
        output.reset();
        assertThat(inflater.inflate(ByteBuffer.wrap(MessageDeflaterTest.RFC_HELLO), collect)).isTrue();
        assertThat(permits.availablePermits()).isEqualTo(1);
        assertThat(inflater.finish(collect)).isTrue();
        assertThat(output.toByteArray()).isEqualTo(HELLO);
        assertThat(inflater.inflate(ByteBuffer.wrap(MessageDeflaterTest.RFC_HELLO_AGAIN), (b, o, l) -> false)).isFalse();
        assertThat(permits.availablePermits()).isEqualTo(1);
        inflater.release();
        // With the only permit taken elsewhere, decompression waits for it.
        MessageInflater waiting = new MessageInflater(15, false, new GatedStreams(pool, permits));
        permits.acquire();
        Thread inflating = new Thread(() -> {
            try {
                waiting.inflate(ByteBuffer.wrap(MessageDeflaterTest.RFC_HELLO), (b, o, l) -> true);
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
        });
        inflating.start();
        assertThat(MessageDeflaterTest.parkedOrEnded(inflating)).isEqualTo(Thread.State.WAITING);
        permits.release();
        inflating.join(10_000);
        assertThat(inflating.isAlive()).isFalse();
        waiting.release();
    }

    @Test
    void eachFinishedMessageGivesItsInflaterBack() throws Exception {
        ZlibPool own = new ZlibPool();
        int before = ZlibPool.liveInflaters();
        MessageInflater inflater = new MessageInflater(15, false, own);
        for (int i = 0; i < 5; i++) {
            output.reset();
            inflater.inflate(ByteBuffer.wrap(i == 0 ? MessageDeflaterTest.RFC_HELLO : MessageDeflaterTest.RFC_HELLO_AGAIN), collect);
            assertThat(inflater.finish(collect)).isTrue();
            assertThat(output.toByteArray()).isEqualTo(HELLO);
        }
        assertThat(ZlibPool.liveInflaters() - before).isEqualTo(1);
        inflater.release();
        own.close();
    }

    @Test
    void inflatersAreBorrowedPerMessageAndEndedWhenThePoolCloses() throws Exception {
        int before = ZlibPool.liveInflaters();
        ZlibPool own = new ZlibPool();
        MessageInflater[] connections = new MessageInflater[12];
        Peer peer = new Peer();
        byte[] compressed = peer.message(longDistanceRepeats(3000, 2));
        peer.end();
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new MessageInflater(15, false, own);
            connections[i].inflate(ByteBuffer.wrap(compressed, 0, 10), collect); // a message left open
        }
        assertThat(ZlibPool.liveInflaters() - before).isEqualTo(12);
        for (MessageInflater connection : connections) {
            connection.release();
        }
        assertThat(ZlibPool.liveInflaters() - before).isEqualTo(8); // the pool keeps a few for reuse
        own.close();
        assertThat(ZlibPool.liveInflaters()).isEqualTo(before);
    }

    @Test
    void aPeerAskedForEightBitsMayUseNine() throws Exception {
        // zlib deflates raw streams with 9 bits when asked for 8; we keep 512 bytes of history. Each
        // message borrows a reset inflater, primed from that history.
        MessageInflater inflater = new MessageInflater(8, false, pool);
        MessageDeflater nineBits = new MessageDeflater(9, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        for (int i = 0; i < 5; i++) {
            byte[] data = longDistanceRepeats(3000, i);
            assertThat(receive(inflater, bytes(nineBits.compress(ByteBuffer.wrap(data), true)))).isEqualTo(data);
        }
    }
}
