package io.mcjcache.demo;

/**
 * The three full read passes of the schedule, each after a step of the failure story. The labels are the
 * same for both {@link Fault}s: a hung node is down too, as far as its clients can tell.
 */
public enum Phase {
  ALL_UP("all up", "every node running, after loading the keys"),
  NODE_DOWN("node down", "one node killed (its data gone) or hung (holding its data)"),
  NODE_BACK("node back", "keys overwritten, added and deleted while it was down, then the node back: restarted "
      + "empty, or resumed with the data it held");

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
