package dev.jvmws.protocol;

import static dev.jvmws.protocol.SplitFeeder.assertEvents;
import static dev.jvmws.protocol.TestFrames.closePayload;
import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static dev.jvmws.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Close frames received (RFC 6455 §5.5.1, §7.4). */
class CloseFrameTest {
    private static final int CLOSE = 0x88;

    /** The wire rules restated independently of {@link CloseCode#isValidOnWire}. */
    private static boolean validOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void reportsNoStatusForEmptyClosePayload(Role role) {
        assertEvents(frame(CLOSE, new byte[0], role.masked()), role,
                r -> r.assertNextClose(CloseCode.NO_STATUS_RECEIVED, ""));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsOneByteClosePayload(Role role) {
        assertEvents(frame(CLOSE, hex("03"), role.masked()), role, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversCodeAndReason(Role role) {
        assertEvents(frame(CLOSE, closePayload(1001, utf8("going ✈")), role.masked()), role,
                r -> r.assertNextClose(1001, "going ✈"));
        String longest = "r".repeat(CloseCode.MAX_REASON_BYTES);
        assertEvents(frame(CLOSE, closePayload(4999, utf8(longest)), role.masked()), role,
                r -> r.assertNextClose(4999, longest));
    }

    @Test
    void checksEveryCloseCodeAgainstWireRules() {
        for (int code = 0; code <= 5000; code++) {
            assertThat(CloseCode.isValidOnWire(code)).as("isValidOnWire(%d)", code).isEqualTo(validOnWire(code));
            int c = code;
            for (Role role : Role.values()) {
                byte[] fixture = frame(CLOSE, closePayload(code, utf8("x")), role.masked());
                if (validOnWire(code)) {
                    assertEvents(fixture, role, r -> r.assertNextClose(c, "x"));
                } else {
                    assertEvents(fixture, role, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "close code"));
                }
            }
        }
        for (int code : new int[] {5001, 0x7FFF, 0x8000, 0xFFFF}) {
            assertThat(CloseCode.isValidOnWire(code)).isFalse();
            assertEvents(frame(CLOSE, closePayload(code, new byte[0]), false), Role.CLIENT,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsCloseReasonWithInvalidUtf8(Role role) {
        for (String bad : new String[] {"ff", "c0 80", "ed a0 80", "e2 82", "61 f4 90 80 80", "80"}) {
            assertEvents(frame(CLOSE, closePayload(1000, hex(bad)), role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA, "close reason"));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void closeInterleavedInFragmentedMessageEndsIt(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(0x01, "part", m), frame(CLOSE, closePayload(1000, new byte[0]), m),
                frame(0x80, "rest", m));
        assertEvents(fixture, role, r -> r.assertNextClose(1000, ""));
    }
}
