package io.mcjcache.integration.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A cached entity with a cached collection: the collection region holds the books' ids. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {
  @Id
  private Long id;
  private String name;

  @OneToMany(mappedBy = "author")
  @OrderBy("id")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private List<Book> books = new ArrayList<>();

  protected Author() {}

  public Author(long id, String name) {
    this.id = id;
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Book> getBooks() {
    return books;
  }
}
