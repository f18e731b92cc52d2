namespace Indicators.Forms;

public enum FieldType
{
    Text,
    Date,
    Code,
    Province,
    Country,
    Integer,
    Decimal,
    YesNo,
}

/// <summary>One question of the form, with its type and rules, as templates/forms defines it.</summary>
public sealed class FormField
{
    public required string Name { get; init; }

    public required FieldType Type { get; init; }

    /// <summary>Position in the form; also the index of the field's value in a parsed row.</summary>
    public required int Index { get; init; }

    public required LocalizedText Label { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public LocalizedText? Help { get; init; }

    public bool Required { get; init; }

    /// <summary>Required only when this holds.</summary>
    public Condition? RequiredWhen { get; init; }

    /// <summary>Must be blank unless this holds.</summary>
    public Condition? OnlyWhen { get; init; }

    public bool Unique { get; init; }

    public int? MaxLength { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? MinExclusive { get; init; }

    /// <summary>The value may not exceed this other field's value.</summary>
    public string? MaxField { get; init; }

    public bool InQuarter { get; init; }

    public CodeList? Codes { get; init; }

    /// <summary>The value a blank cell stands for (weight: 1).</summary>
    public double? Default { get; init; }

    public bool IsConditional => RequiredWhen is not null;

    public override string ToString() => Name;
}

/// <summary>A rule across fields: when <see cref="When"/> holds, <see cref="Require"/> must hold.</summary>
public sealed record CrossFieldRule(string Id, Condition When, Condition Require, string ReportOn, LocalizedText Message);
