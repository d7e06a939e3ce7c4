package dev.jvmws;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.protocol.MaskGenerator;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The settings both roles share, with ws's names and defaults. Immutable; built by the
 * {@link ClientOptions} and {@link ServerOptions} builders through {@link Builder}.
 */
final class ConnectionSettings {
    static final long DEFAULT_MAX_PAYLOAD_BYTES = 100L * 1024 * 1024;
    static final int DEFAULT_MAX_FRAGMENTS = 16_384;
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** ws's default for {@code maxPendingAutoPongs}. */
    static final int DEFAULT_MAX_PENDING_AUTO_PONGS = 60;
    static final long DEFAULT_MAX_BUFFERED_BYTES = 16L * 1024 * 1024;
    static final long DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
    static final long DEFAULT_LOW_WATER_MARK = 256 * 1024;

    final long maxPayload;
    final long maxFrameSize;
    final int fragmentSize;
    final int maxFragments;
    final boolean skipUtf8Validation;
    final boolean autoPong;
    final int maxPendingAutoPongs;
    final long maxBufferedBytes;
    final long highWaterMark;
    final long lowWaterMark;
    final Duration closeTimeout;
    /** Null: no heartbeat pings; no dead-peer drop; no idle timeout. */
    final Duration pingInterval;
    final Duration pongTimeout;
    final Duration idleTimeout;
    /** Null: callbacks run on the connection's event loop. */
    final Executor callbackExecutor;
    final MaskGenerator maskGenerator;
    /** null when permessage-deflate is off. */
    final PerMessageDeflateOptions perMessageDeflate;
    /** ws's concurrencyLimit: shared by every connection made with these settings. */
    final Semaphore zlibPermits;

    private ConnectionSettings(Builder<?> builder) {
        this.maxPayload = builder.maxPayload;
        this.maxFrameSize = builder.maxFrameSize;
        this.fragmentSize = builder.fragmentSize;
        this.maxFragments = builder.maxFragments;
        this.skipUtf8Validation = builder.skipUtf8Validation;
        this.autoPong = builder.autoPong;
        this.maxPendingAutoPongs = builder.maxPendingAutoPongs;
        this.maxBufferedBytes = builder.maxBufferedBytes;
        if (builder.lowWaterMark > builder.highWaterMark) {
            throw new IllegalArgumentException("lowWaterMark (" + builder.lowWaterMark
                    + ") must not exceed highWaterMark (" + builder.highWaterMark + ")");
        }
        this.highWaterMark = builder.highWaterMark;
        this.lowWaterMark = builder.lowWaterMark;
        this.closeTimeout = builder.closeTimeout;
        if (builder.pongTimeout != null && builder.pingInterval == null) {
            throw new IllegalArgumentException("pongTimeout needs a pingInterval: it counts from a ping");
        }
        this.pingInterval = builder.pingInterval;
        this.pongTimeout = builder.pongTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.callbackExecutor = builder.callbackExecutor;
        this.maskGenerator = builder.maskGenerator;
        this.perMessageDeflate = builder.perMessageDeflate;
        this.zlibPermits = perMessageDeflate == null ? null : new Semaphore(perMessageDeflate.concurrencyLimit());
    }

    ConnectionConfig toConfig(boolean client) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeout.toNanos(), maskGenerator, perMessageDeflate, zlibPermits, null, maxPendingAutoPongs,
                maxBufferedBytes, highWaterMark, lowWaterMark, null, callbackExecutor,
                nanosOrZero(pingInterval), nanosOrZero(pongTimeout), nanosOrZero(idleTimeout), maxFrameSize, fragmentSize, null);
    }

    private static long nanosOrZero(Duration duration) {
        return duration == null ? 0 : duration.toNanos();
    }

    private static Duration positiveOrNull(Duration duration, String name) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException(name + " must be positive (or null for off)");
        }
        return duration;
    }

    /**
     * The builder methods both option builders offer. Not thread-safe.
     *
     * @param <B> the concrete builder, returned for chaining
     */
    abstract static class Builder<B extends Builder<B>> {
        private long maxPayload = DEFAULT_MAX_PAYLOAD_BYTES;
        private long maxFrameSize;
        private int fragmentSize;
        private int maxFragments = DEFAULT_MAX_FRAGMENTS;
        private boolean skipUtf8Validation;
        private boolean autoPong = true;
        private int maxPendingAutoPongs = DEFAULT_MAX_PENDING_AUTO_PONGS;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private long highWaterMark = DEFAULT_HIGH_WATER_MARK;
        private long lowWaterMark = DEFAULT_LOW_WATER_MARK;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration pingInterval;
        private Duration pongTimeout;
        private Duration idleTimeout;
        private Executor callbackExecutor;
        private MaskGenerator maskGenerator;
        private PerMessageDeflateOptions perMessageDeflate;

        /** @param perMessageDeflate the role's default: on for clients, off for servers (as ws) */
        Builder(PerMessageDeflateOptions perMessageDeflate) {
            this.perMessageDeflate = perMessageDeflate;
        }

        abstract B self();

        /** Largest message accepted, in bytes (default 100 MiB); 0 = no limit. Larger → close 1009. */
        public B maxPayload(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxPayload must be >= 0");
            }
            this.maxPayload = bytes;
            return self();
        }

        /**
         * Largest frame payload accepted, in bytes (WebSocket-Node's {@code maxReceivedFrameSize});
         * default 0: no limit of its own, {@link #maxPayload} bounds frames as it bounds messages. A
         * larger frame closes the connection with 1009, decided from its header before any of its
         * payload is read.
         */
        public B maxFrameSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxFrameSize must be >= 0");
            }
            this.maxFrameSize = bytes;
            return self();
        }

        /**
         * Send messages larger than {@code bytes} as frames of at most {@code bytes} payload each
         * (WebSocket-Node's {@code fragmentOutgoingMessages} with {@code fragmentationThreshold}); a
         * compressed message is compressed once and its output cut. Pings and pongs may pass between
         * the frames. Default 0: one frame per send, as ws.
         */
        public B fragmentSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("fragmentSize must be >= 0");
            }
            this.fragmentSize = bytes;
            return self();
        }

        /** Most frames in one message (default 16,384); 0 = no limit. More → close 1008. */
        public B maxFragments(int fragments) {
            if (fragments < 0) {
                throw new IllegalArgumentException("maxFragments must be >= 0");
            }
            this.maxFragments = fragments;
            return self();
        }

        /** Skip UTF-8 validation of text and close reasons (default false): for trusted peers only. */
        public B skipUtf8Validation(boolean skip) {
            this.skipUtf8Validation = skip;
            return self();
        }

        /** Answer each ping with a pong automatically (default true). */
        public B autoPong(boolean autoPong) {
            this.autoPong = autoPong;
            return self();
        }

        /**
         * Most automatic pongs queued and not yet written (ws's {@code maxPendingAutoPongs}, default
         * 60); one more ping then closes the connection with 1008: a peer that pings without reading
         * can't make us queue pongs without bound. 0 = no limit.
         */
        public B maxPendingAutoPongs(int pongs) {
            if (pongs < 0) {
                throw new IllegalArgumentException("maxPendingAutoPongs must be >= 0");
            }
            this.maxPendingAutoPongs = pongs;
            return self();
        }

        /**
         * Most bytes queued for sending (default 16 MiB): a data send that would queue more fails its
         * future with {@link SendBufferFullException} and sends nothing. A send onto an empty queue is
         * always taken, however large. Control frames (ping, pong, close) are never refused. 0 = no
         * limit. Watch {@link WebSocket#bufferedAmount()} to stay below it.
         */
        public B maxBufferedBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be >= 0");
            }
            this.maxBufferedBytes = bytes;
            return self();
        }

        /**
         * The {@link WebSocket#bufferedAmount()} above which a connection counts as behind (default 1
         * MiB): once it has been above, {@link WebSocket.Listener#onDrain} tells when it is down to the
         * {@linkplain #lowWaterMark low-water mark} again. Pause producing (or reading, for an echo or
         * a proxy) while behind: that is backpressure without polling.
         */
        public B highWaterMark(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("highWaterMark must be >= 0");
            }
            this.highWaterMark = bytes;
            return self();
        }

        /** Where a connection that was behind counts as drained (default 256 KiB); at most the high-water mark. */
        public B lowWaterMark(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("lowWaterMark must be >= 0");
            }
            this.lowWaterMark = bytes;
            return self();
        }

        /**
         * Runs each connection's listener callbacks on {@code executor} instead of its event loop:
         * one at a time and in order per connection (a serial queue each), so a callback may block
         * (a database call; on JDK 21+, {@code Executors.newVirtualThreadPerTaskExecutor()} makes
         * that cheap) without stalling the other connections of its loop. A connection whose
         * callbacks fall behind stops being read until they catch up, so its queue stays bounded.
         * Default: null, the loop (fastest; callbacks must not block). The server's own listener
         * ({@code onConnection} and the rest) still runs on the loop.
         */
        public B callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return self();
        }

        /** How long to wait for the closing handshake before dropping the connection (default 30 s). */
        public B closeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("closeTimeout must be positive");
            }
            this.closeTimeout = timeout;
            return self();
        }

        /**
         * Heartbeat (ws's hand-written {@code ping}/{@code isAlive} loop, OkHttp's {@code pingInterval},
         * WebSocket-Node's {@code keepaliveInterval}): when nothing at all has arrived from the peer for
         * {@code interval}, send it a ping. Anything the peer sends afterwards (a pong, a message, any
         * byte) answers it. Default null: no pings. Checked on the loop's timer wheel, so deadlines are
         * met within 100 ms and idle connections cost no timer work between them.
         */
        public B pingInterval(Duration interval) {
            this.pingInterval = positiveOrNull(interval, "pingInterval");
            return self();
        }

        /**
         * Drop a peer that answers nothing within {@code timeout} of a heartbeat ping: the connection
         * is closed at once (close event 1006) after an error event with a
         * {@link java.net.SocketTimeoutException} saying so (WebSocket-Node's
         * {@code dropConnectionOnKeepaliveTimeout} with {@code keepaliveGracePeriod}). Needs
         * {@link #pingInterval}. Default null: a silent peer is pinged again every interval, never
         * dropped.
         */
        public B pongTimeout(Duration timeout) {
            this.pongTimeout = positiveOrNull(timeout, "pongTimeout");
            return self();
        }

        /**
         * Close a connection over which no message (text or binary, either way) has passed for
         * {@code timeout}, with 1001 "Idle timeout" (a normal closing handshake). Pings and pongs are
         * not messages, so a heartbeat does not keep a connection from idling. Default null: never.
         */
        public B idleTimeout(Duration timeout) {
            this.idleTimeout = positiveOrNull(timeout, "idleTimeout");
            return self();
        }

        /**
         * Mask keys for frames this end masks (ws's {@code generateMask}); default: a secure random
         * generator per event loop. Called on the connection's event loop.
         */
        public B maskGenerator(MaskGenerator generator) {
            this.maskGenerator = generator;
            return self();
        }

        /**
         * permessage-deflate (RFC 7692) with these options; null turns it off. A client offers it,
         * a server accepts offers. Default: on for clients, off for servers (as ws).
         */
        public B perMessageDeflate(PerMessageDeflateOptions options) {
            this.perMessageDeflate = options;
            return self();
        }

        /** permessage-deflate with default options, or off. */
        public B perMessageDeflate(boolean enabled) {
            return perMessageDeflate(enabled ? PerMessageDeflateOptions.DEFAULTS : null);
        }

        ConnectionSettings buildSettings() {
            return new ConnectionSettings(this);
        }
    }
}
