namespace Indicators.Forms;

public enum ValueKind : byte
{
    Blank,
    Invalid,
    Value,
}

/// <summary>
/// A cell's value once read against its field: codes, text, ISO alpha-3 and province codes in
/// <see cref="Text"/>; numbers, yes/no (1/0) and dates (day number) in <see cref="Number"/>.
/// </summary>
public readonly record struct FieldValue(ValueKind Kind, string? Text, double Number)
{
    public static readonly FieldValue Blank = new(ValueKind.Blank, null, 0);

    public static readonly FieldValue Invalid = new(ValueKind.Invalid, null, 0);

    public static FieldValue OfText(string text) => new(ValueKind.Value, text, 0);

    public static FieldValue OfNumber(double number) => new(ValueKind.Value, null, number);

    public DateOnly Date => DateOnly.FromDayNumber((int)Number);

    public bool HasValue => Kind == ValueKind.Value;
}
