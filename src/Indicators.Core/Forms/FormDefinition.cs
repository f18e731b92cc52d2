namespace Indicators.Forms;

/// <summary>A survey form: its fields, code lists, cross-field rules and limits (templates/forms).</summary>
public sealed class FormDefinition
{
    private static readonly Lazy<FormDefinition> DefaultInstance =
        new(() => FormLoader.Load(Path.Combine(TemplatePaths.Forms, "survey-v1.json")));

    private readonly Dictionary<string, FormField> byName;
    private readonly Dictionary<string, FormField> byHeaderKey;

    internal FormDefinition(
        string id,
        int version,
        LocalizedText title,
        IReadOnlyList<FormField> fields,
        IReadOnlyList<CrossFieldRule> rules,
        YesNo yesNo,
        FormLimits limits)
    {
        Id = id;
        Version = version;
        Title = title;
        Fields = fields;
        Rules = rules;
        YesNo = yesNo;
        Limits = limits;
        byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        byHeaderKey = new Dictionary<string, FormField>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            foreach (var text in new[] { f.Name, f.Label.Fr, f.Label.Ar, f.Label.En }.Concat(f.Aliases))
            {
                var key = TextKey.Of(text);
                if (byHeaderKey.TryGetValue(key, out var other) && other != f)
                {
                    throw new InvalidDataException(
                        $"Form {id}: header '{text}' names both '{other.Name}' and '{f.Name}'.");
                }

                byHeaderKey[key] = f;
            }
        }
    }

    public static FormDefinition Default => DefaultInstance.Value;

    public string Id { get; }

    public int Version { get; }

    public LocalizedText Title { get; }

    public IReadOnlyList<FormField> Fields { get; }

    public IReadOnlyList<CrossFieldRule> Rules { get; }

    public YesNo YesNo { get; }

    public FormLimits Limits { get; }

    public FormField Field(string name) =>
        byName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"Form {Id} has no field '{name}'.");

    /// <summary>The field a header cell names, or null. KoboToolbox group paths (<c>group/field</c>) match by their last part.</summary>
    public FormField? MatchHeader(string header)
    {
        if (byHeaderKey.TryGetValue(TextKey.Of(header), out var f))
        {
            return f;
        }

        var slash = header.LastIndexOf('/');
        return slash >= 0 && slash < header.Length - 1 && byHeaderKey.TryGetValue(TextKey.Of(header[(slash + 1)..]), out f)
            ? f
            : null;
    }
}

public sealed record FormLimits(double MaxRowErrorShare, int HeaderSearchRows, int MinHeaderMatches);
