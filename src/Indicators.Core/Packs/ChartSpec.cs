namespace Indicators.Packs;

public enum ChartKind
{
    /// <summary>Horizontal bars, one per category (e.g. provinces); one or more series.</summary>
    Bar,

    /// <summary>One line per series over the categories (quarters, oldest first).</summary>
    Line,

    /// <summary>Population pyramid: categories are age groups (youngest first, drawn at the bottom);
    /// series[0] is men (drawn to the left), series[1] women (to the right); values positive.</summary>
    Pyramid,
}

public enum ValueFormat
{
    /// <summary>Fractions shown as percentages with one decimal (0.4312 → 43.1 %).</summary>
    Percent,

    /// <summary>Numbers shown with thousands separators and no decimals.</summary>
    Number,

    /// <summary>Numbers shown with one decimal.</summary>
    Decimal,
}

/// <summary>One series of a chart. A null value is suppressed (flag <c>x</c>): no bar or point is
/// drawn. Flags, when given, run parallel to <see cref="Values"/> ("x", "u" or null).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, IReadOnlyList<string?>? Flags = null);

/// <summary>
/// A chart as a pack draws it, natively in the workbook and as SVG. Every text is already in the
/// pack's language; <see cref="RightToLeft"/> is true for Arabic packs.
/// </summary>
public sealed record ChartSpec
{
    public required ChartKind Kind { get; init; }

    public required string Title { get; init; }

    /// <summary>A second line under the title (region, quarter, unit), or null.</summary>
    public string? Subtitle { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public ValueFormat Format { get; init; } = ValueFormat.Percent;

    public bool RightToLeft { get; init; }

    /// <summary>A line under the chart (flag legend, source), or null.</summary>
    public string? Footnote { get; init; }
}

/// <summary>
/// A native chart placed on a worksheet: the spec (its texts, cached values and kind) and where
/// its data lives in the workbook, so Excel and LibreOffice draw from the cells. Rows are 1-based,
/// columns 0-based; the categories are in <see cref="CategoryColumn"/> from <see cref="FirstRow"/>
/// for <c>Spec.Categories.Count</c> rows, and series i in <c>ValueColumns[i]</c> over the same rows.
/// For a pyramid, the men's column holds the values negated (the sheet shows them without sign).
/// </summary>
public sealed record NativeChart(ChartSpec Spec, string DataSheet, int FirstRow, int CategoryColumn, IReadOnlyList<int> ValueColumns);
