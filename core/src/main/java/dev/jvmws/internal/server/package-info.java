/**
 * Internal (not exported; not API even on the class path): the server side of the opening handshake,
 * from the first byte of an upgrade request to an accepted connection or an HTTP rejection.
 */
package dev.jvmws.internal.server;
