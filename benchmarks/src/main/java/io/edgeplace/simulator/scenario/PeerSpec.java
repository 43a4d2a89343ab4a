package io.edgeplace.simulator.scenario;

/** A traffic peer: the pods of app {@code app} (label {@code app=<app>}), with {@code bitsPerSecond} in total. */
public record PeerSpec(String app, long bitsPerSecond) {
}
