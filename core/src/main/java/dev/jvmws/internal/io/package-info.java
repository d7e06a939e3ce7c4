/**
 * Internal (not exported; not API even on the class path): the I/O underneath connections. Event
 * loops (one selector thread each, owning its channels, timers and buffers), their groups, the
 * acceptor of a listening socket, the pooled output chunks, the clock the loops' timers read, and the
 * containment rules for failures ({@code Failures}). Nothing here knows about WebSocket frames.
 */
package dev.jvmws.internal.io;
