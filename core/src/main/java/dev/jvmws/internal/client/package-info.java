/**
 * Internal (not exported; not API even on the class path): the client side of the opening handshake,
 * from connecting a socket (directly, or through an HTTP proxy's CONNECT tunnel) to an accepted 101, a
 * followed redirect or a reported unexpected response.
 */
package dev.jvmws.internal.client;
