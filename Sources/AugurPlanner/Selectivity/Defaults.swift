/// PostgreSQL's default selectivities (selfuncs.h), used when statistics cannot answer.
public enum DefaultSelectivity {
  public static let equality = 0.005
  public static let inequality = 1.0 / 3.0
  public static let rangeInequality = 0.005
  public static let match = 0.005
  public static let matching = 0.01
  public static let unknown = 0.5
  public static let isNull = 0.005
  public static let isNotNull = 0.995
  public static let contain = 0.005
}
