/**
 * Internal (not exported; not API even on the class path): one upgraded connection. Its lifecycle,
 * the outbound queue, the wire format between bytes and messages, the server's budget for unfinished
 * messages, and the events it reports up to the public {@code WebSocket}.
 */
package dev.jvmws.internal.conn;
