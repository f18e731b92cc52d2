using System.Text.RegularExpressions;
using Indicators.Packs;
using Indicators.Statistics;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Html;

namespace Indicators.Web.Pages.Dashboard;

/// <summary>
/// Figures as the dashboard writes them in the page's language: proportions as percentages with one
/// decimal, counts and totals as whole numbers, other values with one decimal; intervals; changes
/// in percentage points for rates and in units otherwise; charts inlined as SVG.
/// </summary>
public static partial class FigureText
{
    /// <summary>The value without its unit for percentages' sake: <c>43,1 %</c>, <c>1 234</c>, <c>6,5</c>; empty when none.</summary>
    public static string Value(PageText t, IndicatorDefinition def, double? value)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(def);
        return value switch
        {
            null => string.Empty,
            { } v when def.IsPercent => t.Number(v * 100, 1) + "\u00a0%",
            { } v => t.Number(v, Decimals(def)),
        };
    }

    /// <summary>The unit written after a value: none for percentages (the value carries %).</summary>
    public static string Unit(PageText t, IndicatorDefinition def)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(def);
        return def.IsPercent ? string.Empty : t.Of(def.Unit);
    }

    /// <summary>The 95 % interval, <c>40,2 – 46,0 %</c>; empty for suppressed values and kinds without precision.</summary>
    public static string Interval(PageText t, IndicatorDefinition def, IndicatorValue? v)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(def);
        if (v is null || v.Flag == "x" || v.CiLow is not { } low || v.CiHigh is not { } high)
        {
            return string.Empty;
        }

        return def.IsPercent
            ? $"{t.Number(low * 100, 1)} – {t.Number(high * 100, 1)}\u00a0%"
            : $"{t.Number(low, Decimals(def))} – {t.Number(high, Decimals(def))}";
    }

    /// <summary>The change since the previous quarter, or null when either value is not published.</summary>
    public static Change? ChangeOf(IndicatorDefinition def, IndicatorValue? now, IndicatorValue? before)
    {
        ArgumentNullException.ThrowIfNull(def);
        if (PackCharts.Shown(now) is not { } a || PackCharts.Shown(before) is not { } b)
        {
            return null;
        }

        return new Change(def.IsPercent ? (a - b) * 100 : a - b, def.IsPercent);
    }

    /// <summary>The change written with its sign and unit: <c>+2,3 pts</c>, <c>−150 MAD</c>.</summary>
    public static string Describe(PageText t, IndicatorDefinition def, Change change)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(change);
        var size = t.Number(Math.Abs(change.Amount), change.Points ? 1 : Decimals(def));
        var sign = change.Direction switch { > 0 => "+", < 0 => "\u2212", _ => string.Empty };
        return change.Points ? t.Format("dash.points", sign + size) : $"{sign}{size} {t.Of(def.Unit)}";
    }

    /// <summary>
    /// A chart as inline SVG: the XML declaration dropped and the hatch patterns' ids made unique
    /// to the page with <paramref name="prefix"/>, since several charts share one document.
    /// </summary>
    public static IHtmlContent Svg(ChartSpec spec, string prefix)
    {
        var svg = SvgChart.ToString(spec);
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
        svg = PatternIds().Replace(svg, m => m.Groups[1].Value + prefix + "-u");
        return new HtmlString(svg.Replace("<svg ", "<svg role=\"img\" ", StringComparison.Ordinal));
    }

    private static int Decimals(IndicatorDefinition def) => def.Kind is IndicatorKind.Count or IndicatorKind.Total ? 0 : 1;

    [GeneratedRegex("(id=\"|url\\(#)u(?=\\d)")]
    private static partial Regex PatternIds();
}

/// <summary>A change between two quarters: in percentage points (rates) or in the indicator's unit.</summary>
public sealed record Change(double Amount, bool Points)
{
    /// <summary>+1 up, −1 down, 0 when it rounds to no change at the precision shown.</summary>
    public int Direction => Math.Round(Amount, 1) switch { > 0 => 1, < 0 => -1, _ => 0 };
}
