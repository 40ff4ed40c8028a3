package io.mcjcache.integration.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A composite id whose parts are long strings: its cache key serializes to far more than memcached's
 * 250-byte key limit, which older memcached second-level caches could not store.
 */
@Embeddable
public class ShipmentId implements Serializable {
  @Column(length = 400)
  private String warehouse;

  @Column(length = 400)
  private String orderReference;

  private LocalDate shippedOn;

  protected ShipmentId() {}

  public ShipmentId(String warehouse, String orderReference, LocalDate shippedOn) {
    this.warehouse = warehouse;
    this.orderReference = orderReference;
    this.shippedOn = shippedOn;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShipmentId other
        && warehouse.equals(other.warehouse)
        && orderReference.equals(other.orderReference)
        && shippedOn.equals(other.shippedOn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(warehouse, orderReference, shippedOn);
  }
}
