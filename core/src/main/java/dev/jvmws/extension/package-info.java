/**
 * WebSocket extensions as pure code: the {@code Sec-WebSocket-Extensions} header grammar
 * (RFC 6455 §9.1) and permessage-deflate (RFC 7692) — its negotiation, which turns an offer and a
 * response into the agreed {@link dev.jvmws.extension.DeflateParameters}, and the per-message
 * compression and decompression that apply them.
 *
 * <p>Nothing here touches sockets, threads, clocks or loggers: the negotiation takes parsed headers
 * and options and returns header values and parameters; the transform takes and returns bytes. Records
 * and options are immutable and thread-safe, and the static negotiation methods are stateless; the
 * per-connection compressors are not thread-safe (see each class).
 */
package dev.jvmws.extension;
