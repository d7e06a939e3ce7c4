/**
 * The W3C WebSocket events (the browser's {@code EventTarget} interface, as ws and WebSocket-Node's
 * {@code W3CWebSocket} emulate it): {@link dev.jvmws.event.Event} and its {@code message},
 * {@code close} and {@code error} kinds, {@link dev.jvmws.event.EventListener}, and
 * {@link dev.jvmws.event.EventTarget}, which {@link dev.jvmws.WebSocket} implements. An alternative
 * to {@link dev.jvmws.WebSocket.Listener} for code ported from a browser or from ws; both may be used
 * on one socket (the listener's callback runs first).
 */
package dev.jvmws.event;
