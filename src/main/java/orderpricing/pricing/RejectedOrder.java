package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order that cannot be priced, with the reason: the first problem {@link OrderValidator} finds, in the words of
 * the command line's rejects ({@code total is missing}). A Java bean so Spark can encode it.
 */
public class RejectedOrder implements Serializable {
  private static final long serialVersionUID = 1L;

  private String id;
  private BigDecimal total;
  private BigDecimal discount;
  private String reason;

  public RejectedOrder() {}

  public RejectedOrder(Order order, String reason) {
    this.id = order.getId();
    this.total = order.getTotal();
    this.discount = order.getDiscount();
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The order as it came in. */
  public Order order() {
    return new Order(id, total, discount);
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public BigDecimal getTotal() { return total; }
  public void setTotal(BigDecimal total) { this.total = total; }
  public BigDecimal getDiscount() { return discount; }
  public void setDiscount(BigDecimal discount) { this.discount = discount; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }

  @Override
  public boolean equals(Object o) {
    return o instanceof RejectedOrder other && order().equals(other.order()) && Objects.equals(reason, other.reason);
  }

  @Override
  public int hashCode() { return Objects.hash(id, reason); }

  @Override
  public String toString() {
    return "RejectedOrder[id=" + id + ", total=" + total + ", discount=" + discount + ", reason=" + reason + "]";
  }
}
