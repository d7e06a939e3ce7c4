package dev.jvmws.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jvmws.WebSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@link JsonServer}'s request/response: {@code call("add", 2, 3)} sends a
 * request with a fresh id and returns a future completed by the answer carrying that id, so calls
 * may overlap and answers may arrive in any order. A closed connection fails the calls still waiting.
 *
 * <p>Run (with {@link JsonServer} on 8080):
 * {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.JsonClient ws://localhost:8080 add 2 3}.
 *
 * <p>Thread-safe: {@code call} may be used from any thread; answers complete their futures on the
 * connection's event loop, so don't block in a dependent stage (use the {@code …Async} variants).
 */
public final class JsonClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the server answered with {@code "error"}. */
    public static final class CallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallException(String message) {
            super(message);
        }
    }

    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final WebSocket ws;

    private JsonClient(URI uri) {
        this.ws = WebSocket.connect(uri, new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                answered(text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                IllegalStateException closed = new IllegalStateException("connection closed (" + code + ")");
                waiting.values().forEach(call -> call.completeExceptionally(closed));
                waiting.clear();
            }
        });
    }

    /** Connects to a {@link JsonServer}; the future completes once the connection is open. */
    public static CompletableFuture<JsonClient> connect(URI uri) {
        JsonClient client = new JsonClient(uri);
        return client.ws.whenOpen().thenApply(open -> client);
    }

    /**
     * Calls {@code method} with {@code params} (anything Jackson can write); the future completes with
     * the answer's {@code result}, or fails with a {@link CallException} carrying its {@code error}.
     */
    public CompletableFuture<JsonNode> call(String method, Object... params) {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ws.send(request.toString()).whenComplete((sent, error) -> {
            if (error != null && waiting.remove(id) != null) {
                answer.completeExceptionally(error);
            }
        });
        return answer;
    }

    private void answered(String text) {
        JsonNode answer;
        try {
            answer = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return; // not an answer to us: a real client would log it
        }
        CompletableFuture<JsonNode> call = waiting.remove(answer.path("id").asLong(-1));
        if (call == null) {
            return;
        } else if (answer.has("error")) {
            call.completeExceptionally(new CallException(answer.get("error").asText()));
        } else {
            call.complete(answer.get("result"));
        }
    }

    /** Closes the connection (1000); calls still waiting fail. */
    @Override
    public void close() {
        ws.close(1000, "").join();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: JsonClient ws://host:port METHOD [PARAM...]  (numbers are sent as numbers)");
            System.exit(2);
        }
        Object[] params = new Object[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            params[i - 2] = args[i].matches("-?\\d+(\\.\\d+)?") ? (Object) Double.valueOf(args[i]) : args[i];
        }
        try (JsonClient client = connect(URI.create(args[0])).get()) {
            System.out.println(client.call(args[1], params).get());
        }
    }
}
