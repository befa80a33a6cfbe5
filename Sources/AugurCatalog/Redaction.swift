extension StatsSnapshot {
  /// The snapshot without data values, for sharing statistics that may hold personal data: MCV
  /// values, histogram bounds, most common elements, extended-statistics MCV values, index
  /// column ranges and view definitions are dropped; frequencies, counts, widths, correlations
  /// and shapes stay, so the planner can still estimate (and says when it fell back).
  public func redactingValues() -> StatsSnapshot {
    var copy = self
    copy.source.valuesRedacted = true
    copy.relations = relations.map { relation in
      var relation = relation
      relation.viewDefinition = nil
      relation.columns = relation.columns.map { column in
        var column = column
        column.statistics = column.statistics?.redacted()
        column.inheritedStatistics = column.inheritedStatistics?.redacted()
        return column
      }
      relation.indexes = relation.indexes.map { index in
        var index = index
        index.leadingColumnRange = nil
        index.expressionStatistics = index.expressionStatistics?.mapValues { $0.redacted() }
        return index
      }
      return relation
    }
    copy.extendedStatistics = extendedStatistics.map { statistic in
      var statistic = statistic
      statistic.mostCommonValues = nil
      return statistic
    }
    return copy
  }
}

extension ColumnStatistics {
  func redacted() -> ColumnStatistics {
    var copy = self
    copy.histogramBoundCount = histogramBounds?.count ?? histogramBoundCount
    copy.mostCommonValues = nil
    copy.histogramBounds = nil
    copy.mostCommonElements = nil
    copy.valuesRedacted = true
    return copy
  }
}
