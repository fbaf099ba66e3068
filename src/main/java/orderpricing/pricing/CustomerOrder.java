package orderpricing.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order and the customer it belongs to, for pricing at customers' own rates ({@link RateChoice}). A subclass, so
 * that datasets of plain {@link Order}s, whose data has no customer column, keep working as they are.
 */
public class CustomerOrder extends Order {
  private static final long serialVersionUID = 1L;

  private String customerId;

  public CustomerOrder() {}

  public CustomerOrder(String id, BigDecimal total, BigDecimal discount, String customerId) {
    super(id, total, discount);
    this.customerId = customerId;
  }

  public static CustomerOrder of(String id, String total, String discount, String customerId) {
    Order o = Order.of(id, total, discount);
    return new CustomerOrder(o.getId(), o.getTotal(), o.getDiscount(), customerId);
  }

  /** The customer, or null for an order that belongs to none. */
  public String getCustomerId() { return customerId; }
  public void setCustomerId(String customerId) { this.customerId = customerId; }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomerOrder other && super.equals(other) && Objects.equals(customerId, other.customerId);
  }

  @Override
  public int hashCode() { return super.hashCode(); }

  @Override
  public String toString() {
    return "CustomerOrder[id=" + getId() + ", total=" + getTotal() + ", discount=" + getDiscount() + ", customerId=" + customerId + "]";
  }
}
