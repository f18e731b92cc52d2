using System.Text.Json;
using Indicators.Forms;
using Indicators.Submissions.Validation;

namespace Indicators.Statistics;

public enum IndicatorKind
{
    Count,
    Total,
    Proportion,
    Ratio,
    Mean,
    Median,
}

/// <summary>Where an indicator is drawn in a pack: the key-indicators-by-province chart, the pyramid, or nowhere.</summary>
public enum IndicatorChart
{
    None,
    Province,
    Pyramid,
}

/// <summary>Suppression and reliability thresholds (indicators-v1, "Precision and flags").</summary>
public sealed record Thresholds(int SuppressBelow, int LowReliabilityBelow, double MaxCv);

public sealed record AgeGroup(string Code, int Min, int Max);

/// <summary>One catalogue entry: what to count, over which rows, and how to name it.</summary>
public sealed record IndicatorDefinition
{
    public required string Id { get; init; }

    public required IndicatorKind Kind { get; init; }

    public required LocalizedText Name { get; init; }

    public required LocalizedText Definition { get; init; }

    /// <summary>The universe's description, for the metadata sheet.</summary>
    public required LocalizedText UniverseText { get; init; }

    /// <summary>All must hold for a row to be in the universe.</summary>
    public required IReadOnlyList<Condition> Universe { get; init; }

    /// <summary>Fields whose blank answer leaves a row of the universe out (counted as missing).</summary>
    public required IReadOnlyList<string> Answers { get; init; }

    /// <summary>The "with …" answers as the catalogue writes them (without the implied value fields):
    /// a universe test on one of these counts a blank as missing, not as outside.</summary>
    public IReadOnlyList<string> WithAnswers { get; init; } = [];

    /// <summary>For a proportion: the condition counted in the numerator.</summary>
    public Condition? Numerator { get; init; }

    /// <summary>For ratio, mean, median and total: y. A total without one counts 1 per row.</summary>
    public string? Value { get; init; }

    /// <summary>For a ratio: x.</summary>
    public string? Denominator { get; init; }

    public required string UnitCode { get; init; }

    public required LocalizedText Unit { get; init; }

    public required string ThemeCode { get; init; }

    public required LocalizedText Theme { get; init; }

    public IndicatorChart Chart { get; init; }

    public bool IsPercent => UnitCode == "percent";

    /// <summary>Proportions, ratios and means carry SE, interval and CV.</summary>
    public bool HasPrecision => Kind is IndicatorKind.Proportion or IndicatorKind.Ratio or IndicatorKind.Mean;
}

/// <summary>The indicator catalogue (templates/indicators): data, not code.</summary>
public sealed class Catalogue
{
    private static readonly Lazy<Catalogue> DefaultInstance = new(() => Load(Path.Combine(TemplatePaths.Indicators, "catalogue-v1.json")));

    private Catalogue(string id, int version, string formId, Thresholds thresholds, IReadOnlyList<AgeGroup> ageGroups, IReadOnlyList<IndicatorDefinition> indicators)
    {
        Id = id;
        Version = version;
        FormId = formId;
        Thresholds = thresholds;
        AgeGroups = ageGroups;
        Indicators = indicators;
    }

    public static Catalogue Default => DefaultInstance.Value;

    public string Id { get; }

    public int Version { get; }

    public string FormId { get; }

    public Thresholds Thresholds { get; }

    public IReadOnlyList<AgeGroup> AgeGroups { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    public IndicatorDefinition Get(string id) => Indicators.FirstOrDefault(i => i.Id == id) ?? throw new KeyNotFoundException($"No indicator '{id}' in catalogue {Id} v{Version}.");

    public string AgeGroupOf(int age)
    {
        foreach (var g in AgeGroups)
        {
            if (age >= g.Min && age <= g.Max)
            {
                return g.Code;
            }
        }

        return AgeGroups[^1].Code;
    }

    /// <summary>Reads a catalogue and checks every field it names against <paramref name="form"/>.</summary>
    public static Catalogue Load(string path, FormDefinition? form = null)
    {
        form ??= FormDefinition.Default;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var t = root.GetProperty("thresholds");
        var thresholds = new Thresholds(t.GetProperty("suppressBelow").GetInt32(), t.GetProperty("lowReliabilityBelow").GetInt32(), t.GetProperty("maxCv").GetDouble());
        var ageGroups = root.GetProperty("ageGroups").EnumerateArray()
            .Select(a => new AgeGroup(a.GetProperty("code").GetString()!, a.GetProperty("min").GetInt32(), a.GetProperty("max").GetInt32()))
            .ToList();
        var universes = root.GetProperty("universes").EnumerateObject().ToDictionary(
            u => u.Name,
            u => (Conditions: u.Value.GetProperty("conditions").EnumerateArray().Select(FormLoader.ParseCondition).ToList(), Text: FormLoader.Text(u.Value)),
            StringComparer.Ordinal);
        var themes = root.GetProperty("themes").EnumerateObject().ToDictionary(p => p.Name, p => FormLoader.Text(p.Value), StringComparer.Ordinal);
        var units = root.GetProperty("units").EnumerateObject().ToDictionary(p => p.Name, p => FormLoader.Text(p.Value), StringComparer.Ordinal);
        var indicators = new List<IndicatorDefinition>();
        foreach (var e in root.GetProperty("indicators").EnumerateArray())
        {
            var id = e.GetProperty("id").GetString()!;
            try
            {
                indicators.Add(ParseIndicator(e, id, universes, themes, units, form));
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: indicator {id}: {ex.Message}", ex);
            }
        }

        if (indicators.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count() != indicators.Count)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: indicator ids are not unique.");
        }

        return new Catalogue(root.GetProperty("id").GetString()!, root.GetProperty("version").GetInt32(), root.GetProperty("form").GetString()!, thresholds, ageGroups, indicators);
    }

    private static IndicatorDefinition ParseIndicator(
        JsonElement e,
        string id,
        Dictionary<string, (List<Condition> Conditions, LocalizedText Text)> universes,
        Dictionary<string, LocalizedText> themes,
        Dictionary<string, LocalizedText> units,
        FormDefinition form)
    {
        var kind = Enum.Parse<IndicatorKind>(e.GetProperty("kind").GetString()!, ignoreCase: true);
        var conditions = new List<Condition>();
        LocalizedText? universeText = null;
        var u = e.GetProperty("universe");
        foreach (var part in u.ValueKind == JsonValueKind.Array ? u.EnumerateArray().ToList() : [u])
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                var named = universes[part.GetString()!];
                conditions.AddRange(named.Conditions);
                universeText ??= named.Text;
            }
            else
            {
                conditions.Add(FormLoader.ParseCondition(part));
            }
        }

        var value = e.TryGetProperty("value", out var v) ? v.GetString() : null;
        var denominator = e.TryGetProperty("denominator", out var d) ? d.GetString() : null;
        var numerator = e.TryGetProperty("numerator", out var nu) ? FormLoader.ParseCondition(nu) : null;
        var answers = e.TryGetProperty("answers", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        var withAnswers = answers.ToList();
        var numeratorField = numerator is { Op: not (ConditionOp.Present or ConditionOp.Absent) } ? numerator.Field : null;
        foreach (var implied in new[] { value, denominator, numeratorField })
        {
            if (implied is not null && !answers.Contains(implied))
            {
                answers.Add(implied);
            }
        }

        switch (kind)
        {
            case IndicatorKind.Proportion when numerator is null:
                throw new FormatException("a proportion needs a numerator");
            case IndicatorKind.Ratio when value is null || denominator is null:
                throw new FormatException("a ratio needs a value and a denominator");
            case IndicatorKind.Mean or IndicatorKind.Median when value is null:
                throw new FormatException($"a {kind.ToString().ToLowerInvariant()} needs a value");
        }

        foreach (var field in conditions.Select(c => c.Field).Concat(answers).Concat(numerator is null ? [] : [numerator.Field]))
        {
            _ = form.Field(field); // throws for a field the form does not have
        }

        var unitCode = e.GetProperty("unit").GetString()!;
        var themeCode = e.GetProperty("theme").GetString()!;
        var name = FormLoader.Text(e.GetProperty("name"));
        return new IndicatorDefinition
        {
            Id = id,
            Kind = kind,
            Name = name,
            Definition = e.TryGetProperty("definition", out var def) ? FormLoader.Text(def) : name,
            UniverseText = universeText ?? DescribeConditions(conditions, form),
            Universe = conditions,
            Answers = answers,
            WithAnswers = withAnswers,
            Numerator = numerator,
            Value = value,
            Denominator = denominator,
            UnitCode = unitCode,
            Unit = units[unitCode],
            ThemeCode = themeCode,
            Theme = themes[themeCode],
            Chart = e.TryGetProperty("chart", out var c) ? Enum.Parse<IndicatorChart>(c.GetString()!, ignoreCase: true) : IndicatorChart.None,
        };
    }

    private static LocalizedText DescribeConditions(List<Condition> conditions, FormDefinition form)
    {
        if (conditions.Count == 0)
        {
            return new LocalizedText("Toutes les personnes enquêtées", "جميع المستجوبين", "All respondents");
        }

        var parts = conditions.Select(c => ConditionText.Describe(c, form, Messages.Default)).ToList();
        string Describe(Lang lang) => string.Join(lang == Lang.Ar ? " و" : lang == Lang.Fr ? " et " : " and ", parts.Select(p => p[lang]));
        return new LocalizedText(Describe(Lang.Fr), Describe(Lang.Ar), Describe(Lang.En));
    }
}
