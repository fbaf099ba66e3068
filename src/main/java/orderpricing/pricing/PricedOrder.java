package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** An order with its price worked out: discount amount, tax and price, each rounded to the currency scale. */
public class PricedOrder implements Serializable {
  private static final long serialVersionUID = 1L;

  private String id;
  private BigDecimal total;
  private BigDecimal discount;
  private BigDecimal discountAmount;
  private BigDecimal tax;
  private BigDecimal price;

  public PricedOrder() {}

  public PricedOrder(String id, BigDecimal total, BigDecimal discount, BigDecimal discountAmount, BigDecimal tax, BigDecimal price) {
    this.id = id;
    this.total = total;
    this.discount = discount;
    this.discountAmount = discountAmount;
    this.tax = tax;
    this.price = price;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public BigDecimal getTotal() { return total; }
  public void setTotal(BigDecimal total) { this.total = total; }
  /** The discount rate that was applied: 0 when the order had none. */
  public BigDecimal getDiscount() { return discount; }
  public void setDiscount(BigDecimal discount) { this.discount = discount; }
  public BigDecimal getDiscountAmount() { return discountAmount; }
  public void setDiscountAmount(BigDecimal discountAmount) { this.discountAmount = discountAmount; }
  public BigDecimal getTax() { return tax; }
  public void setTax(BigDecimal tax) { this.tax = tax; }
  public BigDecimal getPrice() { return price; }
  public void setPrice(BigDecimal price) { this.price = price; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PricedOrder other)) return false;
    return Objects.equals(id, other.id)
        && Numbers.sameValue(total, other.total)
        && Numbers.sameValue(discount, other.discount)
        && Numbers.sameValue(discountAmount, other.discountAmount)
        && Numbers.sameValue(tax, other.tax)
        && Numbers.sameValue(price, other.price);
  }

  @Override
  public int hashCode() { return Objects.hash(id, price == null ? null : price.stripTrailingZeros()); }

  @Override
  public String toString() {
    return "PricedOrder[id=" + id + ", total=" + total + ", discount=" + discount + ", discountAmount=" + discountAmount
        + ", tax=" + tax + ", price=" + price + "]";
  }
}
