package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatServerTest {

    private WebSocketServer server;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(0).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.clients().forEach(WebSocket::terminate);
        server.close().get(10, TimeUnit.SECONDS);
    }

    private WebSocket join(String query, Recorder events) throws InterruptedException {
        WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + server.address().getPort() + "/" + query), events);
        events.assertNext("open");
        return ws;
    }

    @Test
    void broadcastsMessagesToTheOthersAndAnnouncesWhoJoinsAndLeaves() throws Exception {
        Recorder alice = new Recorder();
        WebSocket aliceWs = join("?name=alice", alice);
        assertThat(alice.nextText()).isEqualTo("* alice joined");

        Recorder bob = new Recorder();
        WebSocket bobWs = join("?name=bob", bob);
        assertThat(bob.nextText()).isEqualTo("* here: alice");
        assertThat(bob.nextText()).isEqualTo("* bob joined");
        assertThat(alice.nextText()).isEqualTo("* bob joined");

        aliceWs.send("hi bob");
        assertThat(bob.nextText()).isEqualTo("alice: hi bob");
        assertThat(alice.nextText()).isEqualTo("alice: hi bob"); // the sender sees the room's order too
        bobWs.send("hi alice");
        assertThat(alice.nextText()).isEqualTo("bob: hi alice");
        assertThat(bob.nextText()).isEqualTo("bob: hi alice");

        bobWs.close(1000, "").get(10, TimeUnit.SECONDS);
        assertThat(alice.nextText()).isEqualTo("* bob left");
    }

    @Test
    void namesAreCleanedAndClientsWithoutOneAreGuests() throws Exception {
        Recorder guest = new Recorder();
        join("", guest);
        assertThat(guest.nextText()).isEqualTo("* guest-1 joined");

        Recorder named = new Recorder();
        join("?name=%0A%20carol%07" + "x".repeat(40), named);
        assertThat(named.nextText()).isEqualTo("* here: guest-1");
        assertThat(named.nextText()).isEqualTo("* " + ("carol" + "x".repeat(40)).substring(0, ChatServer.MAX_NAME_CHARS)
                + " joined");
    }
}
