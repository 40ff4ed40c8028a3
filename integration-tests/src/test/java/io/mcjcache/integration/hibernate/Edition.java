package io.mcjcache.integration.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * A cached entity with an enum attribute: Hibernate keeps the enum constant itself in the cached state,
 * so reading it back needs the application's own package on mcjcache's allow-list.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Edition {
  /** Stored as its name; cached as the constant. */
  public enum Format { HARDCOVER, PAPERBACK }

  @Id
  private Long id;

  @Enumerated(EnumType.STRING)
  private Format format;

  protected Edition() {}

  public Edition(long id, Format format) {
    this.id = id;
    this.format = format;
  }

  public Format getFormat() {
    return format;
  }
}
