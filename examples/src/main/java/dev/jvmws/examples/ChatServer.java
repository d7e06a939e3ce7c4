package dev.jvmws.examples;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broadcast chat room: every text message goes to everyone in the room as {@code "name: text"},
 * and the room announces who comes and goes ({@code "* bob joined"}, {@code "* bob left"}; a
 * newcomer first hears who is already there, {@code "* here: alice"}). A client picks its name in the
 * URL, {@code ws://host:port/?name=alice}; without one it is {@code guest-1}, {@code guest-2}…
 *
 * <p>Run: {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.ChatServer 8080},
 * then {@code bin/wscat -c 'ws://localhost:8080/?name=alice'} in two terminals. {@code bin/chat}
 * serves the same room to browsers ({@link BrowserChat}).
 *
 * <p>The room keeps its own members rather than walking {@code server.clients()}, because it needs
 * their names anyway. Callbacks of different connections run on different event loops at once, so
 * joining, leaving and speaking hold the room's lock: every member then hears the room's events in
 * one order. That is cheap because {@code send} only queues (it never blocks on the network).
 */
public final class ChatServer implements WebSocketServer.Listener {

    /** Longest name kept, in chars; the rest is cut. */
    public static final int MAX_NAME_CHARS = 24;
    /** Largest chat message accepted, in bytes; a larger one closes its connection with 1009. */
    public static final long MAX_MESSAGE_BYTES = 16 * 1024;

    private final Map<WebSocket, String> members = new LinkedHashMap<>();
    private final AtomicInteger guests = new AtomicInteger();

    /** The server options this room expects (limits a chat wants); add the port or noServer. */
    public static ServerOptions.Builder options() {
        return ServerOptions.builder().maxPayload(MAX_MESSAGE_BYTES);
    }

    /** Starts a chat server on {@code port} (0 picks a free one). */
    public static CompletableFuture<WebSocketServer> start(int port) {
        return WebSocketServer.start(options().port(port).build(), new ChatServer());
    }

    @Override
    public void onConnection(WebSocket ws, HandshakeRequest request) {
        String name = nameFrom(request.query());
        ws.setListener(new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                say(name, text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                leave(ws, name);
            }
        });
        join(ws, name);
    }

    private synchronized void join(WebSocket ws, String name) {
        if (!members.isEmpty()) {
            ws.send("* here: " + String.join(", ", members.values()));
        }
        members.put(ws, name);
        broadcast("* " + name + " joined");
    }

    private synchronized void leave(WebSocket ws, String name) {
        if (members.remove(ws) != null) {
            broadcast("* " + name + " left");
        }
    }

    private synchronized void say(String name, String text) {
        broadcast(name + ": " + text);
    }

    /** Caller holds the lock. A send to a member that is closing fails its future; nothing to do then. */
    private void broadcast(String line) {
        for (WebSocket member : new ArrayList<>(members.keySet())) {
            member.send(line);
        }
    }

    /** The {@code name} query parameter, without control characters and cut to {@link #MAX_NAME_CHARS}. */
    private String nameFrom(String query) {
        for (String pair : query.split("&")) {
            if (pair.startsWith("name=")) {
                String name;
                try {
                    name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    break;
                }
                name = name.replaceAll("\\p{Cntrl}", "").strip();
                if (name.length() > MAX_NAME_CHARS) {
                    name = name.substring(0, MAX_NAME_CHARS);
                }
                if (!name.isEmpty()) {
                    return name;
                }
            }
        }
        return "guest-" + guests.incrementAndGet();
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        WebSocketServer server = start(port).join();
        System.out.println("chat server on ws://localhost:" + server.address().getPort() + "/?name=YOUR_NAME");
    }
}
