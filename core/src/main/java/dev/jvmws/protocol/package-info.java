/**
 * RFC 6455 framing as pure code: the frame parser and writer, masking, the message assembler with
 * its limits, incremental UTF-8 validation and the close codes. Nothing here touches sockets, threads,
 * clocks or loggers: bytes in, events out, and the other way round. Parsers and assemblers belong to
 * one connection and are not thread-safe; values and static helpers are.
 */
package dev.jvmws.protocol;
