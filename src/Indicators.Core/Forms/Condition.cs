namespace Indicators.Forms;

public enum ConditionOp
{
    In,
    NotIn,
    Equals,
    Gt,
    Gte,
    Lt,
    Lte,
    Present,
    Absent,
}

/// <summary>A test on one field of a row, as the form writes it: <c>{ "field": "age", "gte": 15 }</c>.</summary>
public sealed record Condition(string Field, ConditionOp Op, IReadOnlyList<string> Values, double Number)
{
    /// <summary>True, false, or null when the field's value is itself in error (nothing can be said).</summary>
    public bool? Evaluate(ReadOnlySpan<FieldValue> row, FormDefinition form) => Evaluate(row, form.Field(Field), form.YesNo);

    /// <summary>The same, with <see cref="Field"/> already looked up in the form (a validator does it once, not per row).</summary>
    internal bool? Evaluate(ReadOnlySpan<FieldValue> row, FormField field, YesNo yesNo)
    {
        System.Diagnostics.Debug.Assert(field.Name == Field, "the condition's own field");
        var v = row[field.Index];
        if (v.Kind == ValueKind.Invalid)
        {
            return null;
        }

        if (Op == ConditionOp.Present)
        {
            return v.Kind == ValueKind.Value;
        }

        if (Op == ConditionOp.Absent)
        {
            return v.Kind == ValueKind.Blank;
        }

        if (v.Kind == ValueKind.Blank)
        {
            return false;
        }

        return Op switch
        {
            ConditionOp.In or ConditionOp.Equals => Matches(v, field, yesNo),
            ConditionOp.NotIn => !Matches(v, field, yesNo),
            ConditionOp.Gt => v.Number > Number,
            ConditionOp.Gte => v.Number >= Number,
            ConditionOp.Lt => v.Number < Number,
            ConditionOp.Lte => v.Number <= Number,
            _ => false,
        };
    }

    private bool Matches(FieldValue v, FormField field, YesNo yesNo)
    {
        foreach (var expected in Values)
        {
            if (field.Type == FieldType.YesNo)
            {
                if (yesNo.TryParse(expected, out var b) && b == (v.Number != 0))
                {
                    return true;
                }
            }
            else if (string.Equals(v.Text, expected, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
