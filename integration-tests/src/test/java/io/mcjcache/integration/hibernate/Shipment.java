package io.mcjcache.integration.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A cached entity with an {@code @EmbeddedId} (see {@link ShipmentId}). */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Shipment {
  @EmbeddedId
  private ShipmentId id;
  private String status;

  protected Shipment() {}

  public Shipment(ShipmentId id, String status) {
    this.id = id;
    this.status = status;
  }

  public ShipmentId getId() {
    return id;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }
}
