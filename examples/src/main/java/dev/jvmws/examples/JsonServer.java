package dev.jvmws.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * JSON request/response over one WebSocket, with Jackson: each text message is a request
 * {@code {"id": 1, "method": "add", "params": [2, 3]}} and gets one answer with the same id,
 * {@code {"id": 1, "result": 5}}, or {@code {"id": 1, "error": "…"}}. Answers may come in any order,
 * so the client matches them by id ({@link JsonClient}). Methods: {@code add} (numbers) and
 * {@code upper} (one string).
 *
 * <p>Run: {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.JsonServer 8080},
 * then {@code bin/wscat -c ws://localhost:8080} and type {@code {"id":1,"method":"add","params":[2,3]}},
 * or run {@link JsonClient}.
 */
public final class JsonServer {

    /** Jackson's mapper is thread-safe once configured: one for all connections. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonServer() {}

    /** Starts the server on {@code port} (0 picks a free one). */
    public static CompletableFuture<WebSocketServer> start(int port) {
        return WebSocketServer.start(ServerOptions.builder().port(port).build(), new WebSocketServer.Listener() {
            @Override
            public void onConnection(WebSocket ws, HandshakeRequest request) {
                ws.setListener(new WebSocket.Listener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.send(answer(text));
                    }
                });
            }
        });
    }

    /** The answer to one request, as JSON text. Slow methods would go to an executor instead. */
    static String answer(String requestText) {
        ObjectNode answer = JSON.createObjectNode();
        JsonNode request;
        try {
            request = JSON.readTree(requestText);
        } catch (JsonProcessingException e) {
            return answer.putNull("id").put("error", "not JSON: " + e.getOriginalMessage()).toString();
        }
        answer.set("id", request.get("id")); // null (no id) is written as "id": null
        JsonNode params = request.path("params");
        String method = request.path("method").asText("");
        switch (method) {
            case "add":
                double sum = 0;
                for (JsonNode param : params) {
                    if (!param.isNumber()) {
                        return answer.put("error", "add takes numbers").toString();
                    }
                    sum += param.asDouble();
                }
                return (sum == Math.rint(sum) ? answer.put("result", (long) sum) : answer.put("result", sum)).toString();
            case "upper":
                if (params.size() != 1 || !params.get(0).isTextual()) {
                    return answer.put("error", "upper takes one string").toString();
                }
                return answer.put("result", params.get(0).asText().toUpperCase(Locale.ROOT)).toString();
            default:
                return answer.put("error", "unknown method: " + method).toString();
        }
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        WebSocketServer server = start(port).join();
        System.out.println("JSON server on ws://localhost:" + server.address().getPort());
    }
}
