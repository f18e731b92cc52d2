namespace Indicators.Forms;

public sealed record Code(string Value, LocalizedText Label, IReadOnlyList<string> Aliases);

/// <summary>A list of codes; a cell may hold the code or a label in any language.</summary>
public sealed class CodeList
{
    private readonly Dictionary<string, Code> exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Code> byKey = new(StringComparer.Ordinal);

    public CodeList(string name, IReadOnlyList<Code> codes)
    {
        Name = name;
        Codes = codes;
        foreach (var c in codes)
        {
            foreach (var text in new[] { c.Value, c.Label.Fr, c.Label.Ar, c.Label.En }.Concat(c.Aliases))
            {
                exact.TryAdd(text, c);
                byKey.TryAdd(TextKey.Of(text), c);
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<Code> Codes { get; }

    public Code? Find(string text) =>
        exact.TryGetValue(text, out var c) || byKey.TryGetValue(TextKey.Of(text), out c) ? c : null;

    public string Describe(Lang lang) => string.Join(", ", Codes.Select(c => $"{c.Value} ({c.Label[lang]})"));
}
