package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler may leave payload unconsumed and stop; the caller passes those bytes again and the
 * parser must not unmask them twice (the mechanism behind a decompressing handler's yield).
 */
class FrameParserResumeTest {

    /** Takes at most {@code bite} payload bytes per call and then asks to stop. */
    static final class NibblingHandler implements FrameParser.Handler {
        final int bite;
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int frames;

        NibblingHandler(int bite) {
            this.bite = bite;
        }

        @Override
        public boolean onFrameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
            return true;
        }

        @Override
        public boolean onFramePayload(ByteBuffer data) {
            int take = Math.min(bite, data.remaining());
            byte[] bytes = new byte[take];
            data.get(bytes);
            payload.writeBytes(bytes);
            return !data.hasRemaining();
        }

        @Override
        public boolean onFrameEnd() {
            frames++;
            return true;
        }

        @Override
        public void onMalformedFrame(WebSocketProtocolException error) {
            throw new AssertionError(error);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void payloadLeftUnconsumedIsDeliveredOnceAndUnmaskedOnce(boolean masked) {
        byte[] payload = pattern(1000);
        for (int bite : new int[] {1, 3, 7, 64, 999}) {
            NibblingHandler handler = new NibblingHandler(bite);
            FrameParser parser = new FrameParser(handler);
            ByteBuffer input = ByteBuffer.wrap(TestFrames.concat(frame(0x82, payload, masked), frame(0x82, payload, masked)));
            int calls = 0;
            while (input.hasRemaining()) {
                parser.parse(input);
                assertThat(++calls).isLessThan(10_000);
            }
            assertThat(handler.frames).as("bite %d", bite).isEqualTo(2);
            assertThat(handler.payload.toByteArray()).isEqualTo(TestFrames.concat(payload, payload));
        }
    }

    @Test
    void unconsumedBytesMayBeCopiedElsewhereBeforeTheNextCall() {
        // The transport copies what is left into its own buffer: the parser must not depend on the
        // original buffer, only on the bytes at the front of the next input.
        byte[] payload = pattern(500);
        NibblingHandler handler = new NibblingHandler(100);
        FrameParser parser = new FrameParser(handler);
        ByteBuffer input = ByteBuffer.wrap(frame(0x81, payload, true));
        while (input.hasRemaining()) {
            parser.parse(input);
            ByteBuffer copy = ByteBuffer.allocate(input.remaining()).put(input).flip();
            input = copy;
        }
        assertThat(handler.payload.toByteArray()).isEqualTo(payload);
    }

    @Test
    void handedBackBytesFollowedByNewOnesAreUnmaskedFromTheRightKeyByte() {
        // As a transport reads: what the handler left is kept at the front, the next read lands after
        // it. New bytes must be unmasked from the key byte that follows the handed-back ones.
        byte[] payload = pattern(300);
        byte[] wire = TestFrames.concat(frame(0x82, payload, true), frame(0x82, payload, true));
        for (int bite : new int[] {1, 2, 3, 5}) {
            for (int read : new int[] {7, 13, 64}) {
                NibblingHandler handler = new NibblingHandler(bite);
                FrameParser parser = new FrameParser(handler);
                ByteBuffer input = ByteBuffer.allocate(wire.length);
                int sent = 0;
                for (int calls = 0; handler.frames < 2; calls++) {
                    assertThat(calls).isLessThan(10_000);
                    int next = Math.min(read, wire.length - sent);
                    input.put(wire, sent, next).flip();
                    sent += next;
                    parser.parse(input);
                    input.compact();
                }
                assertThat(handler.payload.toByteArray()).as("bite %d, reads of %d", bite, read)
                        .isEqualTo(TestFrames.concat(payload, payload));
            }
        }
    }
}
