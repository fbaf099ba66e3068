package orderpricing.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random input records for fuzz tests, deterministic per seed: valid orders mixed with every kind of trouble a file
 * can hold (random bytes, numbers of any size including huge exponents, deep JSON nesting, odd Unicode, long lines,
 * broken quoting). Each method returns the text of one file; {@link #doubles} gives values as Parquet holds them.
 */
public final class FuzzRecords {
  /** Characters that trouble parsers and terminals: controls, BOM, separators, surrogates alone and paired, RTL. */
  private static final String ODD = "\u0000\u0001\u0007\b\t\u000B\f\r\u001B\u007F\u0085\u00A0\u200B\u200E\u202E\u2028\u2029"
      + "\uFEFF\uFFFD\uFFFF\uD800\uDC00\uD83D\uDE00\u0661\u00E9e\u0301\"\\,;{}[]:'";

  private final Random random;

  public FuzzRecords(long seed) {
    this.random = new Random(seed);
  }

  /** JSON Lines: one record a line, with blank lines between some. */
  public String jsonLines(int records) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < records; i++) {
      if (random.nextInt(20) == 0) out.append(random.nextBoolean() ? "" : "  \t").append('\n');
      out.append(jsonRecord().replace('\n', ' ').replace('\r', ' ')).append('\n');
    }
    return out.toString();
  }

  /** One JSON array of elements; one in five arrays is broken somewhere, as a truncated or corrupted file is. */
  public String jsonArray(int elements) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < elements; i++) {
      if (i > 0) out.append(random.nextInt(10) == 0 ? ",\n " : ",");
      out.append(random.nextInt(8) == 0 ? jsonValue(0) : jsonObject(true));
    }
    out.append(']');
    if (random.nextInt(5) == 0) return corrupt(out.toString());
    return out.toString();
  }

  /** CSV with a header naming id, total and discount (in some order, sometimes with more columns). */
  public String csv(int records) {
    List<String> columns = new ArrayList<>(List.of("id", "total", "discount"));
    if (random.nextBoolean()) columns.add("note");
    java.util.Collections.shuffle(columns, random);
    StringBuilder out = new StringBuilder(String.join(",", columns)).append(random.nextBoolean() ? "\r\n" : "\n");
    for (int i = 0; i < records; i++) {
      int fields = random.nextInt(15) == 0 ? random.nextInt(6) : columns.size();
      List<String> values = new ArrayList<>();
      for (int f = 0; f < fields; f++) {
        String name = f < columns.size() ? columns.get(f) : "extra";
        values.add(csvField(switch (name) {
          case "id" -> id();
          case "total", "discount" -> numberText();
          default -> text(random.nextInt(30));
        }));
      }
      out.append(String.join(",", values)).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    if (random.nextInt(8) == 0) return corrupt(out.toString());
    return out.toString();
  }

  /** Doubles as a Parquet DOUBLE column may hold them: ordinary amounts, extremes, NaN and infinities, subnormals. */
  public double[] doubles(int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = switch (random.nextInt(10)) {
        case 0 -> Double.longBitsToDouble(random.nextLong()); // anything, NaN included
        case 1 -> new double[] {Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_NORMAL, 1e20, 1e-18, 99999999999999999999.99}[random.nextInt(11)];
        case 2 -> Math.pow(10, random.nextInt(700) - 350) * random.nextDouble();
        default -> Math.round(random.nextDouble() * 1_000_000) / 100.0;
      };
    }
    return values;
  }

  private String jsonRecord() {
    return switch (random.nextInt(12)) {
      case 0 -> randomBytes(random.nextInt(200));
      case 1 -> jsonValue(0);
      case 2 -> corrupt(jsonObject(false));
      case 3 -> "{\"id\":\"" + escape(id()) + "\",\"total\":1,\"x\":" + "[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000)) + "}";
      case 4 -> "{\"id\":\"L\",\"total\":2,\"long\":\"" + "x".repeat(random.nextInt(300_000)) + "\"}";
      default -> jsonObject(false);
    };
  }

  /** An order object; unless {@code strict}, sometimes with a number JSON forbids or a duplicate key. */
  private String jsonObject(boolean strict) {
    StringBuilder o = new StringBuilder("{");
    List<String> fields = new ArrayList<>();
    if (random.nextInt(10) != 0) fields.add("\"id\":" + (random.nextInt(8) == 0 ? jsonValue(0) : "\"" + escape(id()) + "\""));
    if (random.nextInt(10) != 0) fields.add("\"total\":" + (random.nextInt(6) == 0 ? jsonValue(0) : strict ? jsonNumber() : anyNumber()));
    if (random.nextInt(3) != 0) fields.add("\"discount\":" + (random.nextInt(6) == 0 ? jsonValue(0) : strict ? jsonNumber() : anyNumber()));
    if (random.nextInt(5) == 0) fields.add("\"extra\":" + jsonValue(0));
    if (!strict && random.nextInt(30) == 0) fields.add("\"total\":1"); // a duplicate key
    java.util.Collections.shuffle(fields, random);
    o.append(String.join(",", fields)).append('}');
    return o.toString();
  }

  private String jsonValue(int depth) {
    int kind = depth > 6 ? random.nextInt(5) : random.nextInt(7);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> depth == 0 ? anyNumber() : jsonNumber();
      case 3, 4 -> "\"" + escape(text(random.nextInt(20))) + "\"";
      case 5 -> {
        StringBuilder a = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) a.append(jsonValue(depth + 1)).append(i > 1 ? "," : "");
        yield a.append(']').toString();
      }
      default -> "{\"k\":" + jsonValue(depth + 1) + "}";
    };
  }

  /** A JSON number of any size and exponent. */
  private String jsonNumber() {
    while (true) {
      String n = numberText().strip();
      if (n.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) return n;
    }
  }

  /** Mostly a JSON number; sometimes a form JSON forbids (leading zeros, a plus, a bare point, NaN). */
  private String anyNumber() {
    return random.nextInt(10) == 0 ? numberText() : jsonNumber();
  }

  /** Number text of any size: ordinary amounts, many digits, huge or tiny exponents, or not quite a number. */
  public String numberText() {
    return switch (random.nextInt(14)) {
      case 0 -> digits(1 + random.nextInt(random.nextBoolean() ? 60 : 120_000));
      case 1 -> "1e" + (random.nextBoolean() ? "" : "-") + random.nextInt(Integer.MAX_VALUE);
      case 2 -> "7E+" + digits(10 + random.nextInt(30));
      case 3 -> "0." + "0".repeat(random.nextInt(50_000)) + digits(1 + random.nextInt(5));
      case 4 -> digits(1 + random.nextInt(25)) + "." + digits(1 + random.nextInt(25));
      case 5 -> "-" + digits(1 + random.nextInt(6)) + "." + digits(2);
      case 6 -> new String[] {"NaN", "Infinity", "-Infinity", "1e", ".", "-", "0x1F", "1_000", "1.2.3", "", " ", "١٢٣"}[random.nextInt(12)];
      case 7 -> "0".repeat(random.nextInt(40)) + digits(1 + random.nextInt(5)) + "." + digits(1 + random.nextInt(3)) + "0".repeat(random.nextInt(40));
      case 8 -> "0e" + digits(1 + random.nextInt(15));
      default -> digits(1 + random.nextInt(6)) + (random.nextBoolean() ? "." + digits(2) : "") + (random.nextInt(8) == 0 ? "e" + random.nextInt(30) : "");
    };
  }

  private String id() {
    return switch (random.nextInt(10)) {
      case 0 -> "";
      case 1 -> text(random.nextInt(40));
      case 2 -> "ORD-" + "9".repeat(random.nextInt(5_000));
      default -> "ORD-" + random.nextInt(2_000); // repeats: duplicate ids
    };
  }

  private String text(int length) {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(10);
      if (pick < 3) t.append(ODD.charAt(random.nextInt(ODD.length())));
      else if (pick < 4) t.appendCodePoint(random.nextInt(0x10FFFF + 1));
      else t.append((char) ('a' + random.nextInt(26)));
    }
    return t.toString();
  }

  private String digits(int n) {
    StringBuilder d = new StringBuilder(n);
    for (int i = 0; i < n; i++) d.append((char) ('0' + random.nextInt(10)));
    return d.toString();
  }

  /** Random bytes, read as ISO-8859-1 characters so every byte value appears; line breaks removed by the caller. */
  private String randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private String csvField(String value) {
    if (random.nextInt(12) == 0) return value; // unquoted whatever it holds: stray quotes and commas included
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return needsQuotes || random.nextInt(5) == 0 ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** The text cut short, or with a stretch replaced by random bytes. */
  private String corrupt(String text) {
    if (text.isEmpty()) return text;
    int at = random.nextInt(text.length());
    return random.nextBoolean() ? text.substring(0, at) : text.substring(0, at) + randomBytes(random.nextInt(20)) + text.substring(at);
  }

  private static String escape(String s) {
    StringBuilder e = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') e.append('\\').append(c);
      else if (c < 0x20) e.append(String.format("\\u%04x", (int) c));
      else e.append(c);
    }
    return e.toString();
  }
}
