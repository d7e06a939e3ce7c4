package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The connection's Flight Recorder events, recorded in-process and read back from the file. */
@Timeout(60)
class FlightRecorderEventsTest {

    @Test
    void openCloseAndSlowSendAreRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jvmws.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.jvmws.ConnectionOpen");
            recording.enable("dev.jvmws.ConnectionClose");
            recording.enable("dev.jvmws.SlowSend");
            recording.start();

            RecordingServerListener server = new RecordingServerListener();
            LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().highWaterMark(1024).lowWaterMark(512), server);
            RecordingListener client = new RecordingListener();
            WebSocket ws = loopback.connect(ClientOptions.builder().perMessageDeflate(false).build(), client);
            client.nextOpen();
            RecordingServerListener.Accepted accepted = server.nextConnection();
            ws.send("hello");
            accepted.events().nextText();
            ws.close(1000, "bye").get(5, TimeUnit.SECONDS);
            accepted.events().nextClose();

            try (RawSocket stalled = RawSocket.connect(loopback.address())) {
                stalled.upgrade("/"); // reads nothing: its queue passes the high-water mark
                WebSocket slow = server.nextConnection().ws();
                for (int i = 0; i < 200 && slow.bufferedAmount() <= 1024; i++) {
                    slow.send(new byte[64 * 1024]);
                }
                assertThat(slow.bufferedAmount()).isGreaterThan(1024);
                slow.terminate();
                // The send and the terminate run on the loop in order: once closed, the SlowSend event
                // (committed when the send was queued) is in, before the recording stops.
                slow.whenClosed().get(5, TimeUnit.SECONDS);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<String> names = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toList());
        assertThat(names).contains("dev.jvmws.ConnectionOpen", "dev.jvmws.ConnectionClose", "dev.jvmws.SlowSend");
        RecordedEvent clientClose = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.jvmws.ConnectionClose") && e.getBoolean("client"))
                .findFirst().orElseThrow();
        assertThat(clientClose.getInt("code")).isEqualTo(1000);
        assertThat(clientClose.getBoolean("clean")).isTrue();
        assertThat(clientClose.getLong("bytesSent")).as("hello (11) and the close frame (2 + 4 + 5)").isEqualTo(22);
        RecordedEvent slowSend = events.stream().filter(e -> e.getEventType().getName().equals("dev.jvmws.SlowSend"))
                .findFirst().orElseThrow();
        assertThat(slowSend.getLong("highWaterMark")).isEqualTo(1024);
        assertThat(slowSend.getLong("bufferedAmount")).isGreaterThan(1024);
        assertThat(Files.size(file)).isPositive();
    }
}
