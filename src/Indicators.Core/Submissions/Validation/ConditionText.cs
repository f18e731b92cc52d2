using System.Globalization;
using Indicators.Forms;

namespace Indicators.Submissions.Validation;

/// <summary>A condition of the form, said in words: « Catégorie » vaut IMM ou REF.</summary>
public static class ConditionText
{
    public static LocalizedText Describe(Condition c, FormDefinition form, Messages messages)
    {
        var field = form.Field(c.Field);
        var or = messages.Get("conditions.or");
        var values = new LocalizedText(
            string.Join(or.Fr, c.Values.Select(v => Value(field, v, form, Lang.Fr))),
            string.Join(or.Ar, c.Values.Select(v => Value(field, v, form, Lang.Ar))),
            string.Join(or.En, c.Values.Select(v => Value(field, v, form, Lang.En))));
        var key = c.Op switch
        {
            ConditionOp.In => "in",
            ConditionOp.NotIn => "notIn",
            ConditionOp.Equals => "equals",
            ConditionOp.Gt => "gt",
            ConditionOp.Gte => "gte",
            ConditionOp.Lt => "lt",
            ConditionOp.Lte => "lte",
            ConditionOp.Present => "present",
            _ => "absent",
        };
        return Messages.Format(messages.Get("conditions." + key), new Dictionary<string, LocalizedText>
        {
            ["field"] = field.Label,
            ["values"] = values,
            ["number"] = ErrorFactory.Same(c.Number.ToString(CultureInfo.InvariantCulture)),
        });
    }

    private static string Value(FormField field, string value, FormDefinition form, Lang lang)
    {
        if (field.Type == FieldType.YesNo && form.YesNo.TryParse(value, out var yes))
        {
            return (yes ? form.YesNo.YesLabel : form.YesNo.NoLabel)[lang];
        }

        return value;
    }
}
