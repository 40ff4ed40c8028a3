package io.mcjcache.proxy;

import java.util.List;

/**
 * One request as the decoder framed it: the command line's tokens and, for a storage command, its data
 * block; or an answer the decoder already knows (a framing error), which the handler sends in order.
 *
 * @param tokens the command line split on spaces (ISO-8859-1, one char per byte); empty for an empty line
 * @param data the data block without its {@code \r\n}; {@code null} when the command has none
 * @param answer when not {@code null}, the whole answer line to send instead of executing anything
 * @param tooLarge a storage command whose data block was over the item size and has been swallowed
 * @param closeAfter close the connection once the answer is sent
 */
record Request(List<String> tokens, byte[] data, String answer, boolean tooLarge, boolean closeAfter) {

  static Request command(List<String> tokens, byte[] data) {
    return new Request(tokens, data, null, false, false);
  }

  static Request answer(String answer) {
    return new Request(List.of(), null, answer, false, false);
  }

  /** A framing error of the command {@code tokens}, so that its {@code noreply} still applies. */
  static Request answerTo(List<String> tokens, String answer) {
    return new Request(tokens, null, answer, false, false);
  }

  static Request fatal(String answer) {
    return new Request(List.of(), null, answer, false, true);
  }

  static Request tooLarge(List<String> tokens) {
    return new Request(tokens, null, null, true, false);
  }

  String command() {
    return tokens.isEmpty() ? "" : tokens.get(0);
  }
}
