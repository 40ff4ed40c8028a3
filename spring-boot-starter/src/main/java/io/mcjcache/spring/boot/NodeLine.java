package io.mcjcache.spring.boot;

import io.mcjcache.routing.NodeStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the router's {@code NodeStates} figure, {@code <index> <STATE> since=<instant>}
 * (docs/operations.md, "What to watch"). The health indicator reads all the lines at once because they come
 * from one liveness view: its status and its details then describe the same moment.
 *
 * @param index the node's index, its place in the servers list
 * @param state {@code ALIVE}, {@code RECOVERING}, {@code RETURNING} or {@code DEAD}; {@code UNKNOWN} for a line
 *     in a form this class does not know
 * @param since when the node entered the state (ISO-8601), or null when unknown
 */
record NodeLine(int index, String state, String since) {
  private static final Pattern FORM = Pattern.compile("(\\d+) ([A-Z]+) since=(\\S+).*");

  /** The line for node {@code index}, as the figure wrote it. */
  static NodeLine parse(int index, String line) {
    Matcher matcher = FORM.matcher(line);
    if (matcher.matches() && Integer.parseInt(matcher.group(1)) == index && known(matcher.group(2))) {
      return new NodeLine(index, matcher.group(2), matcher.group(3));
    }
    return new NodeLine(index, "UNKNOWN", null);
  }

  /**
   * Whether the node serves requests: alive, or recovering (alive, still taking back the keys written while it
   * was away). A returning node is still dead to operations.
   */
  private static boolean known(String state) {
    for (NodeStatus status : NodeStatus.values()) {
      if (status.name().equals(state)) {
        return true;
      }
    }
    return false;
  }

  boolean serves() {
    return !state.equals("UNKNOWN") && NodeStatus.valueOf(state).serves();
  }
}
