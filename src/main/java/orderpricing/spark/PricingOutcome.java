package orderpricing.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import orderpricing.pricing.Order;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import orderpricing.pricing.RejectedOrder;

/**
 * One order's outcome as the row {@link PricingSplit} maps each order to: priced (the money set, no reason) or
 * rejected (a reason, no money). Spark's encoders have no sum types, so both kinds share one flat bean, and the
 * split's two datasets turn it back into a {@link PricedOrder} or a {@link RejectedOrder}. Public only because
 * Spark's generated code instantiates it.
 */
public class PricingOutcome implements Serializable {
  private static final long serialVersionUID = 1L;

  private String id;
  private BigDecimal total;
  private BigDecimal discount;
  private BigDecimal discountAmount;
  private BigDecimal tax;
  private BigDecimal price;
  private String reason;

  public PricingOutcome() {}

  /** Validates the order and prices it when it is valid: the one place the split looks at an order. */
  static PricingOutcome of(Order order, Pricing pricing) {
    PricingOutcome o = new PricingOutcome();
    String problem = OrderValidator.problem(order);
    if (problem == null) {
      PricedOrder p = pricing.price(order);
      o.id = p.getId();
      o.total = p.getTotal();
      o.discount = p.getDiscount();
      o.discountAmount = p.getDiscountAmount();
      o.tax = p.getTax();
      o.price = p.getPrice();
    } else {
      o.id = order.getId();
      o.total = order.getTotal();
      o.discount = order.getDiscount();
      o.reason = problem;
    }
    return o;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public BigDecimal getTotal() { return total; }
  public void setTotal(BigDecimal total) { this.total = total; }
  public BigDecimal getDiscount() { return discount; }
  public void setDiscount(BigDecimal discount) { this.discount = discount; }
  public BigDecimal getDiscountAmount() { return discountAmount; }
  public void setDiscountAmount(BigDecimal discountAmount) { this.discountAmount = discountAmount; }
  public BigDecimal getTax() { return tax; }
  public void setTax(BigDecimal tax) { this.tax = tax; }
  public BigDecimal getPrice() { return price; }
  public void setPrice(BigDecimal price) { this.price = price; }
  /** Why the order was rejected; null when it was priced. */
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
