package dev.jvmws;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link WebSocket.Listener} from lambdas, one per event wanted (ws's {@code ws.on('message', …)}):
 *
 * <pre>{@code
 * WebSocket.Listener listener = WebSocket.Listener.builder()
 *         .onOpen(ws -> ws.send("hello"))
 *         .onText((ws, text) -> System.out.println(text))
 *         .onClose((ws, code, reason) -> System.out.println("closed " + code))
 *         .build();
 * }</pre>
 *
 * Events without a handler do what {@link WebSocket.Listener}'s defaults do. Setting a handler twice
 * keeps the second. The builder is not thread-safe; the listener it builds holds only the handlers,
 * which run on the connection's loop thread as any listener's methods do.
 */
public final class ListenerBuilder {

    /** The close event: the peer's code (1005 without one, 1006 without a close frame) and reason. */
    @FunctionalInterface
    public interface OnClose {
        void accept(WebSocket ws, int code, String reason);
    }

    private Consumer<WebSocket> onOpen;
    private BiConsumer<WebSocket, String> onText;
    private BiConsumer<WebSocket, ByteBuffer> onBinary;
    private BiConsumer<WebSocket, ByteBuffer> onPing;
    private BiConsumer<WebSocket, ByteBuffer> onPong;
    private Consumer<WebSocket> onDrain;
    private BiConsumer<WebSocket, Throwable> onError;
    private OnClose onClose;

    ListenerBuilder() {
    }

    public ListenerBuilder onOpen(Consumer<WebSocket> handler) {
        this.onOpen = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public ListenerBuilder onText(BiConsumer<WebSocket, String> handler) {
        this.onText = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Binary messages; the buffer belongs to the handler. */
    public ListenerBuilder onBinary(BiConsumer<WebSocket, ByteBuffer> handler) {
        this.onBinary = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public ListenerBuilder onPing(BiConsumer<WebSocket, ByteBuffer> handler) {
        this.onPing = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public ListenerBuilder onPong(BiConsumer<WebSocket, ByteBuffer> handler) {
        this.onPong = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** See {@link WebSocket.Listener#onDrain}. */
    public ListenerBuilder onDrain(Consumer<WebSocket> handler) {
        this.onDrain = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public ListenerBuilder onError(BiConsumer<WebSocket, Throwable> handler) {
        this.onError = Objects.requireNonNull(handler, "handler");
        return this;
    }

    public ListenerBuilder onClose(OnClose handler) {
        this.onClose = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** A listener calling the handlers set so far (later changes to this builder do not reach it). */
    public WebSocket.Listener build() {
        return new Built(onOpen, onText, onBinary, onPing, onPong, onDrain, onError, onClose);
    }

    private record Built(Consumer<WebSocket> open, BiConsumer<WebSocket, String> text,
            BiConsumer<WebSocket, ByteBuffer> binary, BiConsumer<WebSocket, ByteBuffer> ping,
            BiConsumer<WebSocket, ByteBuffer> pong, Consumer<WebSocket> drain,
            BiConsumer<WebSocket, Throwable> error, OnClose close) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            if (open != null) {
                open.accept(ws);
            }
        }

        @Override
        public void onText(WebSocket ws, String data) {
            if (text != null) {
                text.accept(ws, data);
            }
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            if (binary != null) {
                binary.accept(ws, data);
            }
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer data) {
            if (ping != null) {
                ping.accept(ws, data);
            }
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer data) {
            if (pong != null) {
                pong.accept(ws, data);
            }
        }

        @Override
        public void onDrain(WebSocket ws) {
            if (drain != null) {
                drain.accept(ws);
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable failure) {
            if (error != null) {
                error.accept(ws, failure);
            }
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            if (close != null) {
                close.accept(ws, code, reason);
            }
        }
    }
}
