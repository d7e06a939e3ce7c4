/**
 * The WebSocket opening handshake (RFC 6455 §4) as pure code: an incremental, size-bounded
 * HTTP/1.1 head parser, the accept-key computation, the server's request validation and responses
 * (101 and rejections), and the client's request and response validation.
 *
 * <p>Nothing here touches sockets, threads, clocks or loggers: methods take bytes or parsed heads
 * and return bytes or results, so the layer can be driven over any I/O (as ws exports its
 * building blocks). Immutable types are thread-safe; {@link dev.jvmws.handshake.HttpHeadParser}
 * and the builders are not.
 */
package dev.jvmws.handshake;
