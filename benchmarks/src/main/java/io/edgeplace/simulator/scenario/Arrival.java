package io.edgeplace.simulator.scenario;

/** How the pods of all apps are ordered into arrivals. */
public enum Arrival {
  /** App by app in file order, each app's replicas together. */
  SEQUENTIAL,
  /** Round-robin over the apps: every app's first replica, then every second one … */
  INTERLEAVED,
  /** A seeded shuffle of all pods. */
  SHUFFLED
}
