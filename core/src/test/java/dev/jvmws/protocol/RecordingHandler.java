package dev.jvmws.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link FrameParser.Handler} that records raw frame parts, for checks below the assembler's rules. */
final class RecordingHandler implements FrameParser.Handler {
    /** "fin rsv(hex) opcode masked length" per header. */
    final List<String> headers = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    final List<WebSocketProtocolException> malformed = new ArrayList<>();
    boolean stopAfterHeader;
    private ByteArrayOutputStream current;

    static String header(boolean fin, int rsv, int opcode, boolean masked, long length) {
        return fin + " " + Integer.toHexString(rsv) + " " + opcode + " " + masked + " " + length;
    }

    @Override
    public boolean onFrameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
        headers.add(header(fin, rsv, opcode, masked, payloadLength));
        current = new ByteArrayOutputStream();
        return !stopAfterHeader;
    }

    @Override
    public boolean onFramePayload(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        current.writeBytes(bytes);
        return true;
    }

    @Override
    public boolean onFrameEnd() {
        payloads.add(current.toByteArray());
        return true;
    }

    @Override
    public void onMalformedFrame(WebSocketProtocolException error) {
        malformed.add(error);
    }
}
