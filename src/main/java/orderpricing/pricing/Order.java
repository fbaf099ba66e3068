package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** An order to price: an id, a total, and an optional discount rate in [0, 1]. A Java bean so Spark can encode it. */
public class Order implements Serializable {
  private static final long serialVersionUID = 1L;

  private String id;
  private BigDecimal total;
  private BigDecimal discount;

  public Order() {}

  public Order(String id, BigDecimal total, BigDecimal discount) {
    this.id = id;
    this.total = total;
    this.discount = discount;
  }

  public static Order of(String id, String total, String discount) {
    return new Order(id, total == null ? null : new BigDecimal(total), discount == null ? null : new BigDecimal(discount));
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public BigDecimal getTotal() { return total; }
  public void setTotal(BigDecimal total) { this.total = total; }
  /** The discount rate, or null for no discount. */
  public BigDecimal getDiscount() { return discount; }
  public void setDiscount(BigDecimal discount) { this.discount = discount; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Order other)) return false;
    return Objects.equals(id, other.id) && Numbers.sameValue(total, other.total) && Numbers.sameValue(discount, other.discount);
  }

  @Override
  public int hashCode() { return Objects.hashCode(id); }

  @Override
  public String toString() { return "Order[id=" + id + ", total=" + total + ", discount=" + discount + "]"; }
}
