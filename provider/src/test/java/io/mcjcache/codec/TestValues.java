package io.mcjcache.codec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/** User-like classes for the serializer tests. */
final class TestValues {

  private TestValues() {}

  /** A typical user value: Serializable, mutable, with a nested collection. */
  static final class Order implements Serializable {
    final String id;
    final List<String> lines = new ArrayList<>();

    Order(String id, String... lines) {
      this.id = id;
      this.lines.addAll(List.of(lines));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Order other && id.equals(other.id) && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, lines);
    }
  }

  /**
   * Stands in for a gadget: its readObject counts its own runs, so a test can prove a rejected class
   * never got that far.
   */
  static final class Planted implements Serializable {
    static final AtomicInteger READ_OBJECT_RUNS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      READ_OBJECT_RUNS.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** Allowed itself, but holds a field of a class that is not. */
  static final class Holder implements Serializable {
    final Object payload;

    Holder(Object payload) {
      this.payload = payload;
    }
  }

  /** Not Serializable at all. */
  static final class Opaque {
    final int x = 1;
  }

  /** Serializable, but with a field that is not. */
  static final class HoldsOpaque implements Serializable {
    final Opaque opaque = new Opaque();
  }

  enum Color {
    RED,
    GREEN
  }
}
