package io.mcjcache.bench;

import java.util.Arrays;

/**
 * Zipf's law over ranks 0..n-1: rank r is drawn with probability proportional to 1/(r+1)^s. Built once
 * as a cumulative distribution, so that a draw is a binary search (about 17 steps for 100,000 ranks)
 * instead of the rejection loops of the closed-form samplers, whose cost varies from draw to draw.
 */
public final class ZipfDistribution {
  private final double[] cumulative;
  private final double exponent;

  public ZipfDistribution(int ranks, double exponent) {
    if (ranks < 1) {
      throw new IllegalArgumentException("a Zipf distribution needs at least 1 rank, got " + ranks);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("the Zipf exponent must be a finite number >= 0, got " + exponent);
    }
    this.exponent = exponent;
    cumulative = new double[ranks];
    double sum = 0;
    for (int rank = 0; rank < ranks; rank++) {
      sum += 1 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < ranks; rank++) {
      cumulative[rank] /= sum;
    }
    // Rounding may leave the last entry a hair below 1; a draw of u close to 1 must still land.
    cumulative[ranks - 1] = 1.0;
  }

  public int ranks() {
    return cumulative.length;
  }

  public double exponent() {
    return exponent;
  }

  /** The rank whose share of the cumulative distribution contains {@code uniform}, a number in [0, 1). */
  public int rank(double uniform) {
    if (!(uniform >= 0 && uniform < 1)) {
      throw new IllegalArgumentException("a draw needs a uniform number in [0, 1), got " + uniform);
    }
    int found = Arrays.binarySearch(cumulative, uniform);
    // Not found: binarySearch returns -(insertion point) - 1, and the insertion point is the first
    // rank whose cumulative share exceeds the draw.
    return found >= 0 ? found + 1 : -found - 1;
  }

  /** Probability of one rank; for tests and for describing a workload. */
  public double probability(int rank) {
    return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
  }
}
