package io.mcjcache.demo;

/** The three full read passes of the schedule, each after a step of the failure story. */
public enum Phase {
  ALL_UP("all up", "every node running, after loading the keys"),
  NODE_DOWN("node down", "one node killed (SIGKILL), its data gone"),
  NODE_BACK("node back", "keys overwritten and added while it was down, then the node restarted empty");

  private final String label;
  private final String description;

  Phase(String label, String description) {
    this.label = label;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }
}
