package dev.jvmws.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.internal.conn.ConnectionState.Ready;
import dev.jvmws.protocol.CloseCode;
import org.junit.jupiter.api.Test;

/** Every transition of the lifecycle, and what each state allows. */
class ConnectionStateTest {
    private final ConnectionState state = new ConnectionState();

    @Test
    void startsConnectingAndSendsNothingUntilOpened() {
        assertThat(state.ready()).isEqualTo(Ready.CONNECTING);
        assertThat(state.canSend()).isFalse();
        state.startClosing(); // close() while connecting is the connector's business, not a transition
        assertThat(state.ready()).isEqualTo(Ready.CONNECTING);
        state.opened();
        assertThat(state.ready()).isEqualTo(Ready.OPEN);
        assertThat(state.canSend()).isTrue();
    }

    @Test
    void ourCloseThenTheirsIsACleanHandshake() {
        state.opened();
        state.startClosing();
        assertThat(state.ready()).isEqualTo(Ready.CLOSING);
        assertThat(state.canSend()).as("sends made before the close frame was queued still go").isTrue();
        state.closeSent();
        assertThat(state.canSend()).as("nothing after our close frame (RFC 6455 §5.5.1)").isFalse();
        assertThat(state.isCleanClose()).isFalse();
        assertThat(state.closeCode()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        state.closeReceived(1001, "going away");
        assertThat(state.isCleanClose()).isTrue();
        state.closed();
        assertThat(state.ready()).isEqualTo(Ready.CLOSED);
        assertThat(state.closeCode()).isEqualTo(1001);
        assertThat(state.closeReason()).isEqualTo("going away");
    }

    @Test
    void theirCloseFirstMakesItClosingAndReportsTheirCode() {
        state.opened();
        state.closeReceived(CloseCode.NO_STATUS_RECEIVED, "");
        assertThat(state.ready()).isEqualTo(Ready.CLOSING);
        assertThat(state.hasReceivedClose()).isTrue();
        assertThat(state.canSend()).as("our answering close frame is still to be sent").isTrue();
        state.closeSent();
        state.closed();
        assertThat(state.closeCode()).isEqualTo(CloseCode.NO_STATUS_RECEIVED);
        assertThat(state.isCleanClose()).isTrue();
    }

    @Test
    void aFailureIsClosingAndNeverClean() {
        state.opened();
        state.failed();
        assertThat(state.ready()).isEqualTo(Ready.CLOSING);
        state.closeSent();
        state.outputShut();
        assertThat(state.isOutputShut()).isTrue();
        state.closed();
        assertThat(state.isCleanClose()).isFalse();
        assertThat(state.closeCode()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        assertThat(state.closeReason()).isEmpty();
    }

    @Test
    void closedIsFinal() {
        state.opened();
        state.closed();
        state.failed();
        state.closeReceived(1000, "");
        state.startClosing();
        assertThat(state.ready()).isEqualTo(Ready.CLOSED);
        assertThat(state.canSend()).isFalse();
    }

    @Test
    void readyStatesMapToTheApiByName() {
        for (Ready ready : Ready.values()) {
            assertThat(dev.jvmws.ReadyState.valueOf(ready.name()).ordinal()).isEqualTo(ready.ordinal());
        }
    }
}
