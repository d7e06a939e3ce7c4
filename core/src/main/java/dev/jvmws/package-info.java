/**
 * The API: {@link dev.jvmws.WebSocket} (client and server side of a connection, with its
 * {@link dev.jvmws.WebSocket.Listener}), {@link dev.jvmws.WebSocketServer}, their options, the upgrade
 * request's verdicts, and the exceptions they report. Each type documents which threads may call it
 * and on which thread its callbacks run.
 */
package dev.jvmws;
