using System.Globalization;
using Indicators.Forms;

namespace Indicators.Submissions.Validation;

/// <summary>Builds <see cref="ImportError"/>s with their French, Arabic and English texts from messages.json.</summary>
public sealed class ErrorFactory(Messages messages)
{
    public Messages Messages => messages;

    public ImportError File(string code, IReadOnlyDictionary<string, LocalizedText>? args = null, string? sheet = null)
    {
        var rule = Messages.Format(RuleText(code), args ?? Empty);
        var text = Messages.Format(messages.Get("location.file"), new Dictionary<string, LocalizedText> { ["rule"] = rule });
        return new ImportError(code, sheet, null, null, null, null, null, text);
    }

    public ImportError Warning(string code, IReadOnlyDictionary<string, LocalizedText> args, string? sheet, string? column, int? columnIndex)
    {
        var rule = Messages.Format(RuleText(code), args);
        var text = Messages.Format(messages.Get("location.warning"), new Dictionary<string, LocalizedText> { ["rule"] = rule });
        return new ImportError(code, sheet, null, columnIndex, column, null, null, text, IsWarning: true);
    }

    /// <summary>A row error. <paramref name="ruleText"/> overrides the catalogue text (cross-field rules carry their own).</summary>
    public ImportError Cell(
        string code,
        string sheet,
        int row,
        ColumnBinding column,
        string value,
        IReadOnlyDictionary<string, LocalizedText>? args = null,
        LocalizedText? ruleText = null)
    {
        var rule = Messages.Format(ruleText ?? RuleText(code), args ?? Empty);
        var location = !column.InFile ? "location.missingColumn" : value.Length == 0 ? "location.blankCell" : "location.cell";
        var text = Messages.Format(messages.Get(location), new Dictionary<string, LocalizedText>(5)
        {
            ["sheet"] = Same(sheet),
            ["row"] = Same(row.ToString(CultureInfo.InvariantCulture)),
            ["column"] = column.InFile ? Same(column.Header) : column.Field.Label,
            ["value"] = Same(Shorten(value)),
            ["rule"] = rule,
        });
        return new ImportError(code, sheet, row, column.InFile ? column.Index : null, column.Header, column.Field.Name, value, text);
    }

    public static LocalizedText Same(string text) => new(text, text, text);

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "…");

    private LocalizedText RuleText(string code) =>
        messages.Has("rules." + code) ? messages.Get("rules." + code) : Same(code);

    private static readonly Dictionary<string, LocalizedText> Empty = [];
}

/// <summary>Where a form field sits in the uploaded sheet (or that it is absent).</summary>
public sealed record ColumnBinding(FormField Field, int Index, string Header)
{
    public bool InFile => Index >= 0;
}
