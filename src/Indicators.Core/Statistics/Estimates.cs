namespace Indicators.Statistics;

/// <summary>The code of a dimension that is not broken down (SDMX's "total").</summary>
public static class Dim
{
    public const string Total = "_T";
}

/// <summary>A group of rows: one value per dimension, <see cref="Dim.Total"/> where not broken down.</summary>
public readonly record struct GroupKey(string Province, string Sex, string AgeGroup, string Category)
{
    public static readonly GroupKey All = new(Dim.Total, Dim.Total, Dim.Total, Dim.Total);

    /// <summary>Sex × age group: computed for the pyramid, not one of the export's groups.</summary>
    public bool IsSexByAge => Sex != Dim.Total && AgeGroup != Dim.Total;
}

/// <summary>One computed figure: an indicator for a region (or <see cref="Dim.Total"/>), quarter and group.</summary>
public sealed record IndicatorValue
{
    public required string Indicator { get; init; }

    public required string Region { get; init; }

    public required string Quarter { get; init; }

    public required GroupKey Group { get; init; }

    public double? Value { get; init; }

    public double? Se { get; init; }

    public double? CiLow { get; init; }

    public double? CiHigh { get; init; }

    public double? Cv { get; init; }

    public long N { get; init; }

    public double? NWeighted { get; init; }

    public long Missing { get; init; }

    /// <summary><c>x</c> (suppressed), <c>u</c> (low reliability) or null.</summary>
    public string? Flag { get; init; }
}

/// <summary>
/// Running sums for one indicator in one group, enough for every kind's estimate and its
/// linearised variance in one pass; sums of disjoint groups add up (regions into the national total).
/// </summary>
internal sealed class Accumulator
{
    public long N;
    public long Missing;
    public double Sw;
    public double Swy;
    public double Swx;
    public double Sw2y2;
    public double Sw2xy;
    public double Sw2x2;
    public Dictionary<double, double>? Weights; // median: weight per distinct value

    public void Add(double w, double y, double x)
    {
        N++;
        Sw += w;
        Swy += w * y;
        Swx += w * x;
        var w2 = w * w;
        Sw2y2 += w2 * y * y;
        Sw2xy += w2 * x * y;
        Sw2x2 += w2 * x * x;
    }

    public void AddValue(double w, double y)
    {
        N++;
        Sw += w;
        Weights ??= [];
        Weights[y] = Weights.GetValueOrDefault(y) + w;
    }

    public void Merge(Accumulator other)
    {
        N += other.N;
        Missing += other.Missing;
        Sw += other.Sw;
        Swy += other.Swy;
        Swx += other.Swx;
        Sw2y2 += other.Sw2y2;
        Sw2xy += other.Sw2xy;
        Sw2x2 += other.Sw2x2;
        if (other.Weights is not null)
        {
            Weights ??= [];
            foreach (var (y, w) in other.Weights)
            {
                Weights[y] = Weights.GetValueOrDefault(y) + w;
            }
        }
    }
}

/// <summary>Estimates, precision and flags exactly as indicators-v1 defines them.</summary>
public static class Estimator
{
    /// <summary>The 97.5 % normal quantile the spec names.</summary>
    public const double Z = 1.959964;

    internal static IndicatorValue Finish(IndicatorDefinition def, Thresholds t, Accumulator a, string region, string quarter, GroupKey group)
    {
        var result = new IndicatorValue { Indicator = def.Id, Region = region, Quarter = quarter, Group = group, N = a.N, Missing = a.Missing };
        if (a.N == 0 || a.N < t.SuppressBelow)
        {
            return result with { Flag = "x" };
        }

        switch (def.Kind)
        {
            case IndicatorKind.Count:
                return result with { Value = a.N, NWeighted = a.Sw };
            case IndicatorKind.Total:
                return result with { Value = a.Swy, NWeighted = a.Sw };
            case IndicatorKind.Median:
                return result with { Value = WeightedMedian(a.Weights!), NWeighted = a.Sw, Flag = a.N < t.LowReliabilityBelow ? "u" : null };
        }

        if (a.Swx == 0)
        {
            return result with { NWeighted = a.Sw, Flag = "x" }; // a ratio over nothing: not publishable
        }

        var r = a.Swy / a.Swx;
        if (a.N < 2)
        {
            return result with { Value = r, NWeighted = a.Sw, Flag = a.N < t.LowReliabilityBelow ? "u" : null }; // no variance from one row
        }

        var n = (double)a.N;
        var squares = Math.Max(0, a.Sw2y2 - (2 * r * a.Sw2xy) + (r * r * a.Sw2x2));
        var se = Math.Sqrt(n / (n - 1) * squares / (a.Swx * a.Swx));
        var low = r - (Z * se);
        var high = r + (Z * se);
        if (def.Kind == IndicatorKind.Proportion)
        {
            low = Math.Clamp(low, 0, 1);
            high = Math.Clamp(high, 0, 1);
        }

        double? cv = r == 0 ? null : se / r;
        var flag = a.N < t.LowReliabilityBelow || cv > t.MaxCv ? "u" : null;
        return result with { Value = r, Se = se, CiLow = low, CiHigh = high, Cv = cv, NWeighted = a.Sw, Flag = flag };
    }

    /// <summary>The first value, in increasing order, whose cumulative weight reaches half the total.</summary>
    public static double WeightedMedian(IReadOnlyDictionary<double, double> weights)
    {
        var values = weights.Keys.Order().ToArray();
        var total = 0.0;
        foreach (var y in values)
        {
            total += weights[y];
        }

        // The same summation order as the running sum below, and a relative tolerance, so that an
        // exact half (equal weights, even n) is not lost to rounding.
        var half = total * 0.5 * (1 - 1e-12);
        var cumulative = 0.0;
        foreach (var y in values)
        {
            cumulative += weights[y];
            if (cumulative >= half)
            {
                return y;
            }
        }

        return values[^1];
    }
}
