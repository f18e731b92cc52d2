using System.Globalization;
using System.Text;
using System.Xml;

namespace Indicators.Packs;

/// <summary>
/// Draws a <see cref="ChartSpec"/> as a standalone SVG 1.1 document, 800 wide so it reads at A4
/// width. The output is deterministic: the same spec always gives the same bytes (golden tests).
/// </summary>
/// <remarks>
/// Everything is laid out left to right and mirrored for right-to-left packs, except the body of a
/// pyramid, which keeps men on the left by convention. Arabic text is written in logical order with
/// <c>direction="rtl"</c>; the renderer shapes it. One file because the three kinds share the frame
/// (title, legend, footnote), the scale and the text helpers.
/// </remarks>
public static class SvgChart
{
    private const double Width = 800;
    private const double Margin = 24;
    private const string Ink = "#333333";
    private const string Muted = "#666666";
    private const string Grid = "#e3e3e3";
    private const string Axis = "#999999";

    // Okabe-Ito: distinguishable with the common colour-vision deficiencies.
    private static readonly string[] Palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f"];

    public static void Write(ChartSpec spec, Stream output)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            CloseOutput = false,
        };
        using (var xml = XmlWriter.Create(output, settings))
        {
            var svg = new Canvas(xml);
            switch (spec.Kind)
            {
                case ChartKind.Bar:
                    BarChart.Draw(spec, svg);
                    break;
                case ChartKind.Line:
                    LineChart.Draw(spec, svg);
                    break;
                case ChartKind.Pyramid:
                    PyramidChart.Draw(spec, svg);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown chart kind.");
            }

            xml.WriteEndDocument();
        }

        output.WriteByte((byte)'\n');
    }

    public static string ToString(ChartSpec spec)
    {
        using var buffer = new MemoryStream();
        Write(spec, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Colour(int series) => Palette[series % Palette.Length];

    /// <summary>The value to draw, or null when it is missing or suppressed (flag x).</summary>
    private static double? Value(ChartSeries series, int i)
    {
        var value = i < series.Values.Count ? series.Values[i] : null;
        return value is { } v && double.IsFinite(v) && !HasFlag(series, i, "x") ? v : null;
    }

    private static bool IsUnreliable(ChartSeries series, int i) => HasFlag(series, i, "u");

    private static bool AnyUnreliable(ChartSpec spec) =>
        spec.Series.Any(s => Enumerable.Range(0, spec.Categories.Count).Any(i => IsUnreliable(s, i)));

    /// <summary>The label at a bar end: the formatted value, "x" when suppressed, " (u)" when unreliable.</summary>
    private static string Label(ChartSpec spec, ChartSeries series, int i)
    {
        if (Value(series, i) is not { } v)
        {
            return "x";
        }

        var text = FormatValue(v, spec.Format);
        return IsUnreliable(series, i) ? text + " (u)" : text;
    }

    internal static string FormatValue(double v, ValueFormat format) => format switch
    {
        ValueFormat.Percent => Thousands((v * 100).ToString("#,0.0", CultureInfo.InvariantCulture)) + "\u202F%",
        ValueFormat.Decimal => Thousands(v.ToString("#,0.0", CultureInfo.InvariantCulture)),
        _ => Thousands(Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture)),
    };

    private static string FormatTick(double v, ValueFormat format) => format == ValueFormat.Percent
        ? Thousands((v * 100).ToString("#,0.##", CultureInfo.InvariantCulture)) + "\u202F%"
        : Thousands(v.ToString("#,0.##", CultureInfo.InvariantCulture));

    // French-style thousands: a narrow no-break space, never a comma that reads as a decimal mark.
    private static string Thousands(string text) => text.Replace(",", "\u202F", StringComparison.Ordinal);

    /// <summary>A nice axis from 0: the step of 1, 2, 2.5 or 5 × 10^k with 3 to 7 intervals that
    /// wastes least room above the largest value. Percentages stop at 100 % unless a value goes beyond.</summary>
    private static (double Max, double Step) Scale(double dataMax, ValueFormat format)
    {
        var max = dataMax > 0 ? dataMax : 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max / 10)));
        var (top, step) = new[] { 1, 2, 2.5, 5, 10, 20, 25, 50 }
            .Select(m => m * magnitude)
            .Select(step => (Intervals: Math.Ceiling((max / step) - 1e-9), Step: step))
            .Where(c => c.Intervals is >= 3 and <= 7)
            .Select(c => (Top: c.Intervals * c.Step, c.Step, Distance: Math.Abs(c.Intervals - 5)))
            .OrderBy(c => c.Top).ThenBy(c => c.Distance)
            .Select(c => (c.Top, c.Step))
            .DefaultIfEmpty((Math.Ceiling(max / magnitude / 10) * magnitude * 10, magnitude * 10))
            .First();
        if (format == ValueFormat.Percent && max <= 1 && top > 1)
        {
            top = 1;
        }

        return (top, step);
    }

    /// <summary>Every how many ticks a label fits, so that tick labels never touch.</summary>
    private static int LabelEvery(double max, double step, double length, ValueFormat format) =>
        Math.Max(1, (int)Math.Ceiling((TextWidth(FormatTick(max, format), 11) + 14) / (step / max * length)));

    private static IEnumerable<double> Ticks(double max, double step)
    {
        for (var k = 0; k * step <= max * (1 + 1e-9); k++)
        {
            yield return k * step;
        }
    }

    /// <summary>Approximate advance of a text: 0.6 × font size per character.</summary>
    private static double TextWidth(string text, double size) => text.Length * 0.6 * size;

    /// <summary>Cuts a text to fit <paramref name="width"/>, ending it with an ellipsis.</summary>
    private static string Fit(string text, double size, double width)
    {
        var chars = Math.Max(2, (int)(width / (0.6 * size)));
        return text.Length <= chars ? text : text[..(chars - 1)].TrimEnd() + "…";
    }

    /// <summary>Greedy word wrap to at most <paramref name="maxLines"/> lines; the rest is cut with an ellipsis.</summary>
    private static List<string> Wrap(string? text, double size, double width, int maxLines)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return lines;
        }

        var chars = Math.Max(8, (int)(width / (0.6 * size)));
        var line = new StringBuilder();
        foreach (var word in text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > chars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        if (lines.Count > maxLines)
        {
            var rest = string.Join(' ', lines.Skip(maxLines - 1));
            lines.RemoveRange(maxLines - 1, lines.Count - maxLines + 1);
            lines.Add(Fit(rest, size, width - (0.6 * size)));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = Fit(lines[i], size, width);
        }

        return lines;
    }

    private static bool HasFlag(ChartSeries series, int i, string flag) =>
        series.Flags is { } flags && i < flags.Count && string.Equals(flags[i]?.Trim(), flag, StringComparison.OrdinalIgnoreCase);

    private static double MaxValue(ChartSpec spec) =>
        spec.Series.SelectMany(s => Enumerable.Range(0, spec.Categories.Count).Select(i => Value(s, i) ?? 0)).DefaultIfEmpty(0).Max();

    private static double MaxWidth(IEnumerable<string> texts, double size) => texts.Select(t => TextWidth(t, size)).DefaultIfEmpty(0).Max();

    private static class BarChart
    {
        public static void Draw(ChartSpec spec, Canvas svg)
        {
            var frame = new Frame(spec, spec.Series.Count > 1, lineSwatch: false);
            var n = spec.Categories.Count;
            var s = Math.Max(1, spec.Series.Count);
            double rowH = Math.Max(28, (s * 13) + 10);
            var barH = (rowH - 10) / s;
            var labelCol = Math.Clamp(MaxWidth(spec.Categories, 12) + 14, 60, 280);
            var valueSpace = MaxWidth(spec.Series.SelectMany(series => Enumerable.Range(0, n).Select(i => Label(spec, series, i))), 12) + 10;
            var x0 = Margin + labelCol;
            var plotW = Width - Margin - valueSpace - x0;
            var (max, step) = Scale(MaxValue(spec), spec.Format);
            var top = frame.Top + 6;
            var bottom = top + (n * rowH);

            svg.Begin(spec, frame.Height(bottom + 18));
            svg.Mirror = spec.RightToLeft;
            frame.Draw(svg, bottom + 18);
            var every = LabelEvery(max, step, plotW, spec.Format);
            foreach (var (t, k) in Ticks(max, step).Select((t, k) => (t, k)))
            {
                var x = x0 + (t / max * plotW);
                svg.Line(x, top, x, bottom, Grid);
                if (k % every == 0)
                {
                    svg.Text(x, bottom + 16, FormatTick(t, spec.Format), Side.Middle, 11, Muted);
                }
            }

            for (var i = 0; i < n; i++)
            {
                var rowY = top + (i * rowH);
                svg.Text(x0 - 8, rowY + (rowH / 2) + 4, Fit(spec.Categories[i], 12, labelCol - 14), Side.Right);
                for (var j = 0; j < spec.Series.Count; j++)
                {
                    var series = spec.Series[j];
                    var y = rowY + 5 + (j * barH);
                    var h = barH - (s > 1 ? 2 : 0);
                    var w = Value(series, i) is { } v ? Math.Max(0, v) / max * plotW : 0;
                    if (Value(series, i) is not null)
                    {
                        svg.Bar(x0, y, w, h, j, IsUnreliable(series, i));
                    }

                    svg.Text(x0 + w + 4, y + (h / 2) + 4, Label(spec, series, i), Side.Left);
                }
            }

            svg.Line(x0, top, x0, bottom, Axis);
            svg.End();
        }
    }

    private static class LineChart
    {
        public static void Draw(ChartSpec spec, Canvas svg)
        {
            var frame = new Frame(spec, spec.Series.Count > 1, lineSwatch: true);
            var n = Math.Max(1, spec.Categories.Count);
            var (max, step) = Scale(MaxValue(spec), spec.Format);
            var ticks = Ticks(max, step).ToList();
            var x0 = Margin + MaxWidth(ticks.Select(t => FormatTick(t, spec.Format)), 11) + 8;
            var x1 = Width - Margin;
            var band = (x1 - x0) / n;
            var every = Math.Max(1, (int)Math.Ceiling((MaxWidth(spec.Categories, 11) + 8) / band));
            var top = frame.Top + 10;
            var bottom = top + 300;
            double X(int i) => x0 + (band * (i + 0.5));
            double Y(double v) => bottom - (Math.Max(0, v) / max * (bottom - top));

            svg.Begin(spec, frame.Height(bottom + 24));
            svg.Mirror = spec.RightToLeft;
            frame.Draw(svg, bottom + 24);
            foreach (var t in ticks)
            {
                svg.Line(x0, Y(t), x1, Y(t), t == 0 ? Axis : Grid);
                svg.Text(x0 - 6, Y(t) + 4, FormatTick(t, spec.Format), Side.Right, 11, Muted);
            }

            for (var i = 0; i < spec.Categories.Count; i++)
            {
                // The latest quarter always keeps its label when some must be skipped.
                if ((spec.Categories.Count - 1 - i) % every == 0)
                {
                    svg.Text(X(i), bottom + 18, spec.Categories[i], Side.Middle, 11);
                }
            }

            for (var j = 0; j < spec.Series.Count; j++)
            {
                var series = spec.Series[j];
                var run = new List<(double X, double Y)>();
                for (var i = 0; i <= spec.Categories.Count; i++)
                {
                    if (i < spec.Categories.Count && Value(series, i) is { } v)
                    {
                        run.Add((X(i), Y(v)));
                    }
                    else
                    {
                        // A missing value breaks the line.
                        svg.Polyline(run, Colour(j));
                        run.Clear();
                    }
                }

                for (var i = 0; i < spec.Categories.Count; i++)
                {
                    if (Value(series, i) is { } v)
                    {
                        svg.Marker(X(i), Y(v), j, hollow: IsUnreliable(series, i));
                    }
                }
            }

            svg.End();
        }
    }

    private static class PyramidChart
    {
        public static void Draw(ChartSpec spec, Canvas svg)
        {
            var frame = new Frame(spec, legend: false, lineSwatch: false);
            var n = spec.Categories.Count;
            var sides = spec.Series.Take(2).ToList();
            var ageCol = Math.Max(56, MaxWidth(spec.Categories, 12) + 20);
            var valueSpace = MaxWidth(sides.SelectMany(series => Enumerable.Range(0, n).Select(i => Label(spec, series, i))), 12) + 10;
            const double c = Width / 2;
            var inner = ageCol / 2;
            var halfW = c - inner - Margin - valueSpace;
            var (max, step) = Scale(MaxValue(spec with { Series = sides }), spec.Format);
            var headings = frame.Top + 12;
            var top = headings + 16;
            var rowH = Math.Clamp(340.0 / Math.Max(1, n), 16, 28);
            var bottom = top + (n * rowH);

            svg.Begin(spec, frame.Height(bottom + 18));
            svg.Mirror = spec.RightToLeft;
            frame.Draw(svg, bottom + 18);
            for (var j = 0; j < sides.Count; j++)
            {
                var centre = j == 0 ? c - inner - (halfW / 2) : c + inner + (halfW / 2);
                var width = 18 + TextWidth(sides[j].Name, 12);
                Frame.LegendItem(svg, (svg.Mirror ? Width - centre : centre) - (width / 2), headings, j, sides[j].Name, lineSwatch: false);
            }

            // Men stay on the left in every language, so the body is not mirrored.
            svg.Mirror = false;
            var every = LabelEvery(max, step, halfW, spec.Format);
            foreach (var (t, k) in Ticks(max, step).Select((t, k) => (t, k)))
            {
                var d = t / max * halfW;
                foreach (var x in new[] { c - inner - d, c + inner + d })
                {
                    svg.Line(x, top, x, bottom, Grid);
                    if (k % every == 0)
                    {
                        svg.Text(x, bottom + 16, FormatTick(t, spec.Format), Side.Middle, 11, Muted);
                    }
                }
            }

            for (var i = 0; i < n; i++)
            {
                var y = top + ((n - 1 - i) * rowH);
                var h = rowH - 5;
                svg.Text(c, y + (h / 2) + 4, Fit(spec.Categories[i], 12, ageCol - 8), Side.Middle);
                for (var j = 0; j < sides.Count; j++)
                {
                    var series = sides[j];
                    var w = Value(series, i) is { } v ? Math.Max(0, v) / max * halfW : 0;
                    var x = j == 0 ? c - inner - w : c + inner;
                    if (Value(series, i) is not null)
                    {
                        svg.Bar(x, y + 2.5, w, h - 2.5, j, IsUnreliable(series, i));
                    }

                    var label = Label(spec, series, i);
                    if (j == 0)
                    {
                        svg.Text(x - 4, y + (h / 2) + 4, label, Side.Right);
                    }
                    else
                    {
                        svg.Text(x + w + 4, y + (h / 2) + 4, label, Side.Left);
                    }
                }
            }

            svg.Line(c - inner, top, c - inner, bottom, Axis);
            svg.Line(c + inner, top, c + inner, bottom, Axis);
            svg.End();
        }
    }

    /// <summary>What every kind shares: title and subtitle on top, legend under them, footnote at the
    /// bottom. Laid out left to right; the canvas mirrors it for right-to-left packs.</summary>
    private sealed class Frame
    {
        private const double TitleSize = 18;
        private const double SubtitleSize = 13;
        private const double FootSize = 11;
        private readonly ChartSpec spec;
        private readonly bool lineSwatch;
        private readonly List<string> title;
        private readonly List<string> subtitle;
        private readonly List<string> footnote;
        private readonly List<List<(int Index, double X)>> legend = [];
        private readonly double legendTop;

        public Frame(ChartSpec spec, bool legend, bool lineSwatch)
        {
            this.spec = spec;
            this.lineSwatch = lineSwatch;
            title = Wrap(spec.Title, TitleSize, Width - (2 * Margin), 2);
            subtitle = Wrap(spec.Subtitle, SubtitleSize, Width - (2 * Margin), 2);
            footnote = Wrap(spec.Footnote, FootSize, Width - (2 * Margin), 4);
            legendTop = 34 + (24 * (title.Count - 1)) + (subtitle.Count > 0 ? 4 + (18 * subtitle.Count) : 0) + 18;
            if (legend)
            {
                var x = Margin;
                this.legend.Add([]);
                for (var j = 0; j < spec.Series.Count; j++)
                {
                    var itemW = 20 + TextWidth(spec.Series[j].Name, 12) + 18;
                    if (x > Margin && x + itemW > Width - Margin)
                    {
                        this.legend.Add([]);
                        x = Margin;
                    }

                    this.legend[^1].Add((j, x));
                    x += itemW;
                }
            }

            Top = legendTop + (20 * this.legend.Count);
        }

        /// <summary>Where the chart body may start.</summary>
        public double Top { get; }

        public double Height(double bodyBottom) => Math.Ceiling(bodyBottom + (footnote.Count > 0 ? 18 + (15 * footnote.Count) : 0) + 12);

        public static void LegendItem(Canvas svg, double x, double y, int index, string name, bool lineSwatch)
        {
            if (lineSwatch)
            {
                svg.Line(x, y - 4, x + 14, y - 4, Colour(index), 2.5);
                svg.Marker(x + 7, y - 4, index, hollow: false);
            }
            else
            {
                svg.Bar(x, y - 10, 12, 12, index, unreliable: false);
            }

            svg.Text(x + (lineSwatch ? 20 : 18), y, name, Side.Left);
        }

        public void Draw(Canvas svg, double bodyBottom)
        {
            for (var i = 0; i < title.Count; i++)
            {
                svg.Text(Margin, 34 + (24 * i), title[i], Side.Left, TitleSize, bold: true);
            }

            for (var i = 0; i < subtitle.Count; i++)
            {
                svg.Text(Margin, 34 + (24 * (title.Count - 1)) + 22 + (18 * i), subtitle[i], Side.Left, SubtitleSize, "#555555");
            }

            for (var r = 0; r < legend.Count; r++)
            {
                foreach (var (index, x) in legend[r])
                {
                    LegendItem(svg, x, legendTop + 10 + (20 * r), index, spec.Series[index].Name, lineSwatch);
                }
            }

            for (var i = 0; i < footnote.Count; i++)
            {
                svg.Text(Margin, bodyBottom + 20 + (15 * i), footnote[i], Side.Left, FootSize, Muted);
            }
        }
    }

    private enum Side
    {
        Left,
        Middle,
        Right,
    }

    /// <summary>Writes SVG elements in left-to-right layout coordinates; with <see cref="Mirror"/>
    /// set, x is reflected about the centre and text alignment swapped.</summary>
    private sealed class Canvas(XmlWriter xml)
    {
        private const string Ns = "http://www.w3.org/2000/svg";

        public bool Mirror { get; set; }

        public void Begin(ChartSpec spec, double height)
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("svg", Ns);
            xml.WriteAttributeString("version", "1.1");
            xml.WriteAttributeString("width", N(Width));
            xml.WriteAttributeString("height", N(height));
            xml.WriteAttributeString("viewBox", $"0 0 {N(Width)} {N(height)}");
            xml.WriteAttributeString("font-family", "DejaVu Sans, Noto Sans Arabic, Arial, sans-serif");
            xml.WriteAttributeString("font-size", "12");
            xml.WriteAttributeString("fill", Ink);
            xml.WriteElementString("title", Ns, spec.Title);
            if (!string.IsNullOrWhiteSpace(spec.Subtitle))
            {
                xml.WriteElementString("desc", Ns, spec.Subtitle);
            }

            if (spec.Kind != ChartKind.Line && AnyUnreliable(spec))
            {
                // Unreliable values: diagonal stripes of the series colour on a pale tint of it.
                xml.WriteStartElement("defs", Ns);
                for (var j = 0; j < Math.Min(spec.Series.Count, Palette.Length); j++)
                {
                    xml.WriteStartElement("pattern", Ns);
                    Attributes(("id", "u" + N(j)), ("patternUnits", "userSpaceOnUse"), ("width", "6"), ("height", "6"), ("patternTransform", "rotate(45)"));
                    Element("rect", ("width", "6"), ("height", "6"), ("fill", Tint(Colour(j))));
                    Element("line", ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", Colour(j)), ("stroke-width", "3"));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            Element("rect", ("width", N(Width)), ("height", N(height)), ("fill", "#ffffff"));
        }

        public void End() => xml.WriteEndElement();

        public void Bar(double x, double y, double w, double h, int series, bool unreliable)
        {
            var colour = Colour(series);
            if (unreliable)
            {
                Element("rect", ("x", N(X(x, w))), ("y", N(y)), ("width", N(w)), ("height", N(h)), ("fill", $"url(#u{N(series % Palette.Length)})"), ("stroke", colour));
            }
            else
            {
                Element("rect", ("x", N(X(x, w))), ("y", N(y)), ("width", N(w)), ("height", N(h)), ("fill", colour));
            }
        }

        public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1) =>
            Element("line", ("x1", N(X(x1, 0))), ("y1", N(y1)), ("x2", N(X(x2, 0))), ("y2", N(y2)), ("stroke", stroke), ("stroke-width", N(width)));

        public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke)
        {
            if (points.Count >= 2)
            {
                var text = string.Join(' ', points.Select(p => N(X(p.X, 0)) + "," + N(p.Y)));
                Element("polyline", ("points", text), ("fill", "none"), ("stroke", stroke), ("stroke-width", "2.5"), ("stroke-linejoin", "round"));
            }
        }

        public void Marker(double x, double y, int series, bool hollow) =>
            Element("circle", ("cx", N(X(x, 0))), ("cy", N(y)), ("r", "4"), ("fill", hollow ? "#ffffff" : Colour(series)), ("stroke", Colour(series)), ("stroke-width", "2"));

        public void Text(double x, double y, string text, Side side, double size = 12, string fill = Ink, bool bold = false)
        {
            if (Mirror)
            {
                side = side == Side.Left ? Side.Right : side == Side.Right ? Side.Left : side;
            }

            // With direction="rtl" the start of the text is its right end (SVG 1.1, 10.9.1).
            var rtl = text.Any(ch => ch is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF');
            var anchor = side switch
            {
                Side.Middle => "middle",
                Side.Left => rtl ? "end" : "start",
                _ => rtl ? "start" : "end",
            };
            xml.WriteStartElement("text", Ns);
            Attributes(("x", N(X(x, 0))), ("y", N(y)), ("text-anchor", anchor));
            if (size != 12)
            {
                xml.WriteAttributeString("font-size", N(size));
            }

            if (bold)
            {
                xml.WriteAttributeString("font-weight", "bold");
            }

            if (fill != Ink)
            {
                xml.WriteAttributeString("fill", fill);
            }

            if (rtl)
            {
                Attributes(("direction", "rtl"), ("unicode-bidi", "embed"));
            }

            xml.WriteString(text);
            xml.WriteEndElement();
        }

        private static string N(double v)
        {
            var rounded = Math.Round(v, 2, MidpointRounding.AwayFromZero);
            return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
        }

        private static string Tint(string colour)
        {
            var rgb = Convert.FromHexString(colour.AsSpan(1));
            return "#" + Convert.ToHexStringLower(rgb.Select(b => (byte)(255 - ((255 - b) * 0.3))).ToArray());
        }

        private double X(double x, double width) => Mirror ? Width - x - width : x;

        private void Element(string name, params (string Name, string Value)[] attributes)
        {
            xml.WriteStartElement(name, Ns);
            Attributes(attributes);
            xml.WriteEndElement();
        }

        private void Attributes(params (string Name, string Value)[] attributes)
        {
            foreach (var (name, value) in attributes)
            {
                xml.WriteAttributeString(name, value);
            }
        }
    }
}
