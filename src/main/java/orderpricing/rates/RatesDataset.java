package orderpricing.rates;

import orderpricing.errors.RatesException;

import static org.apache.spark.sql.functions.col;

import orderpricing.pricing.CustomerRate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** Rates an embedding application already holds as a dataset: collected once and broadcast. */
final class RatesDataset implements RatesSource {
  private final Dataset<CustomerRate> rates;

  RatesDataset(Dataset<CustomerRate> rates) {
    this.rates = rates;
  }

  @Override
  public String describe() {
    return "a dataset of customer rates";
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public CustomerRates open(SparkSession spark, RatesLookup lookup) {
    if (lookup == RatesLookup.EXECUTOR) throw new RatesException("executor lookups need a PostgreSQL table; a dataset is broadcast");
    Dataset<Row> rows = rates.toDF().select(col("customerId"), col("rate").cast(DataTypes.StringType));
    return TableRates.broadcast(spark, RatesTable.of(rows.toLocalIterator(), describe()), describe());
  }
}
