package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** One row of a customer rates table: a customer's own discount rate. A Java bean so Spark can encode it. */
public class CustomerRate implements Serializable {
  private static final long serialVersionUID = 1L;

  private String customerId;
  private BigDecimal rate;

  public CustomerRate() {}

  public CustomerRate(String customerId, BigDecimal rate) {
    this.customerId = customerId;
    this.rate = rate;
  }

  public static CustomerRate of(String customerId, String rate) {
    return new CustomerRate(customerId, rate == null ? null : new BigDecimal(rate));
  }

  public String getCustomerId() { return customerId; }
  public void setCustomerId(String customerId) { this.customerId = customerId; }
  /** The rate in [0, 1]; a table may hold a null or one outside, which the orders relying on it are rejected for. */
  public BigDecimal getRate() { return rate; }
  public void setRate(BigDecimal rate) { this.rate = rate; }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomerRate other && Objects.equals(customerId, other.customerId) && Numbers.sameValue(rate, other.rate);
  }

  @Override
  public int hashCode() { return Objects.hashCode(customerId); }

  @Override
  public String toString() { return "CustomerRate[customerId=" + customerId + ", rate=" + rate + "]"; }
}
