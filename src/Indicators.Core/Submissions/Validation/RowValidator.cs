using System.Globalization;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets;

namespace Indicators.Submissions.Validation;

/// <summary>
/// Checks one data row against the form: each cell by its field's type and rule, then the
/// conditional and cross-field rules, then respondent uniqueness. Every error of the row is
/// reported, never only the first.
/// </summary>
public sealed class RowValidator
{
    private readonly FormDefinition form;
    private readonly ColumnBinding[] bindings;
    private readonly Region region;
    private readonly Quarter quarter;
    private readonly bool date1904;
    private readonly string sheet;
    private readonly ErrorFactory errors;
    private readonly Reference reference;
    private readonly RespondentRegistry respondents;
    private readonly Dictionary<int, Province> provincesByNumber = [];
    private readonly Dictionary<string, Province> provincesByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Province> provincesExact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Province> otherProvinces = new(StringComparer.Ordinal);
    private readonly FieldValue[] values;
    private readonly Cell[] cells;

    // The fields the form's conditions and rules name, looked up once (by field index).
    private readonly (CrossFieldRule Rule, FormField When, FormField Require, ColumnBinding ReportOn)[] rules;
    private readonly FormField?[] requiredWhen;
    private readonly FormField?[] onlyWhen;
    private readonly FormField?[] maxField;

    public RowValidator(
        FormDefinition form,
        IReadOnlyList<ColumnBinding> bindings,
        Region region,
        Quarter quarter,
        bool date1904,
        string sheet,
        ErrorFactory errors,
        Reference reference,
        RespondentRegistry respondents)
    {
        this.form = form;
        this.bindings = [.. bindings];
        this.region = region;
        this.quarter = quarter;
        this.date1904 = date1904;
        this.sheet = sheet;
        this.errors = errors;
        this.reference = reference;
        this.respondents = respondents;
        values = new FieldValue[form.Fields.Count];
        cells = new Cell[form.Fields.Count];
        rules = [.. form.Rules.Select(r => (r, form.Field(r.When.Field), form.Field(r.Require.Field), this.bindings[form.Field(r.ReportOn).Index]))];
        requiredWhen = [.. form.Fields.Select(f => f.RequiredWhen is { } c ? form.Field(c.Field) : null)];
        onlyWhen = [.. form.Fields.Select(f => f.OnlyWhen is { } c ? form.Field(c.Field) : null)];
        maxField = [.. form.Fields.Select(f => f.MaxField is { } name ? form.Field(name) : null)];
        foreach (var p in region.Provinces)
        {
            provincesByNumber[int.Parse(p.Code, CultureInfo.InvariantCulture)] = p;
            foreach (var key in new[] { p.Iso, p.Name.Fr, p.Name.Ar })
            {
                provincesByKey.TryAdd(TextKey.Of(key), p);
                provincesExact.TryAdd(key, p);
            }
        }

        foreach (var p in reference.Regions.SelectMany(r => r.Provinces).Where(p => p.RegionCode != region.Code))
        {
            foreach (var key in new[] { p.Code, p.Iso, p.Name.Fr, p.Name.Ar })
            {
                otherProvinces.TryAdd(TextKey.Of(key), p);
            }
        }
    }

    /// <summary>
    /// When set, each error is added as the same placeholder, its message never written: the import
    /// sets it once it has as many errors as it stores, and only counts the rest.
    /// </summary>
    public bool CountOnly { get; set; }

    /// <summary>The placeholder of an error that is counted only.</summary>
    public static readonly ImportError Counted = new("counted", null, null, null, null, null, null, new LocalizedText(string.Empty, string.Empty, string.Empty));

    /// <summary>The parsed values of the last row validated, indexed like the form's fields.</summary>
    public ReadOnlySpan<FieldValue> Values => values;

    /// <summary>Validates <paramref name="row"/>; adds its errors to <paramref name="sink"/>; true when the row is accepted.</summary>
    public bool Validate(SheetRow row, List<ImportError> sink)
    {
        var before = sink.Count;
        foreach (var b in bindings)
        {
            var cell = b.InFile ? row[b.Index] : Cell.Empty;
            values[b.Field.Index] = ReadCell(b, cell, row.Number, sink);
        }

        foreach (var b in bindings)
        {
            CheckRowRules(b, row.Number, sink);
        }

        foreach (var (rule, whenField, requireField, b) in rules)
        {
            if (rule.When.Evaluate(values, whenField, form.YesNo) == true && rule.Require.Evaluate(values, requireField, form.YesNo) == false)
            {
                sink.Add(CountOnly ? Counted : errors.Cell(rule.Id, sheet, row.Number, b, Raw(b.Field), ruleText: rule.Message));
                values[b.Field.Index] = FieldValue.Invalid;
            }
        }

        foreach (var b in bindings)
        {
            var v = values[b.Field.Index];
            if (b.Field.Unique && v.HasValue && !respondents.Claim(v.Text!, row.Number, out var where))
            {
                sink.Add(CountOnly ? Counted : errors.Cell("duplicate_respondent", sheet, row.Number, b, Raw(b.Field), new Dictionary<string, LocalizedText>
                {
                    ["where"] = where,
                }));
            }
        }

        return sink.Count == before;
    }

    private FieldValue ReadCell(ColumnBinding b, Cell cell, int rowNumber, List<ImportError> sink)
    {
        var f = b.Field;
        cells[f.Index] = cell;
        if (cell.IsBlank)
        {
            return f.Default is { } d ? FieldValue.OfNumber(d) : FieldValue.Blank;
        }

        var text = cell.Kind == CellKind.Text ? TextValues.Clean(cell.Text!) : f.Type is FieldType.Integer or FieldType.Decimal or FieldType.Date or FieldType.YesNo ? string.Empty : cell.Display(date1904);
        var result = f.Type switch
        {
            FieldType.Text => ReadText(f, text),
            FieldType.Date => ReadDate(f, cell, text),
            FieldType.Code => f.Codes!.Find(text) is { } code ? (FieldValue.OfText(code.Value), null) : (FieldValue.Invalid, "invalid_code"),
            FieldType.Province => ReadProvince(cell, text),
            FieldType.Country => reference.FindCountry(text) is { } country ? (FieldValue.OfText(country.Alpha3), null) : (FieldValue.Invalid, "unknown_country"),
            FieldType.Integer or FieldType.Decimal => ReadNumber(f, cell, text),
            FieldType.YesNo => ReadYesNo(cell, text),
            _ => (FieldValue.Invalid, "invalid_code"),
        };

        if (result.Item2 is { } error)
        {
            sink.Add(CountOnly ? Counted : errors.Cell(error, sheet, rowNumber, b, Raw(f), RuleArgs(f, error)));
            return FieldValue.Invalid;
        }

        return result.Item1;
    }

    /// <summary>The cell as the sheet shows it, for messages.</summary>
    private string Raw(FormField f) => cells[f.Index].IsBlank ? string.Empty : cells[f.Index].Kind == CellKind.Text ? cells[f.Index].Text! : cells[f.Index].Display(date1904);

    private static (FieldValue, string?) ReadText(FormField f, string text) =>
        f.MaxLength is { } max && text.Length > max ? (FieldValue.Invalid, "too_long") : (FieldValue.OfText(text), null);

    private (FieldValue, string?) ReadDate(FormField f, Cell cell, string text)
    {
        DateOnly date;
        var ok = cell.Kind switch
        {
            CellKind.Date => TryDay(cell.Number, out date),
            CellKind.Number => ExcelDates.TryFromSerial(cell.Number, date1904, out date),
            CellKind.Text => TextValues.TryParseDate(text, out date),
            _ => TryDay(-1, out date),
        };
        if (!ok)
        {
            return (FieldValue.Invalid, "invalid_date");
        }

        return f.InQuarter && !quarter.Contains(date)
            ? (FieldValue.Invalid, "date_outside_quarter")
            : (FieldValue.OfNumber(date.DayNumber), null);
    }

    private static bool TryDay(double dayNumber, out DateOnly date)
    {
        date = dayNumber >= 0 ? DateOnly.FromDayNumber((int)dayNumber) : default;
        return dayNumber >= 0;
    }

    private (FieldValue, string?) ReadProvince(Cell cell, string text)
    {
        Province? p = null;
        if (cell.Kind == CellKind.Text && provincesExact.TryGetValue(text, out p))
        {
            return (FieldValue.OfText(p.Code), null);
        }

        if (cell.Kind == CellKind.Number || TextValues.TryParseNumber(text, out _))
        {
            var number = cell.Kind == CellKind.Number ? cell.Number : TextValues.TryParseNumber(text, out var n) ? n : -1;
            if (number == Math.Floor(number) && number is >= 0 and < 1000)
            {
                provincesByNumber.TryGetValue((int)number, out p);
            }
        }
        else
        {
            provincesByKey.TryGetValue(TextKey.Of(text), out p);
        }

        return p is null ? (FieldValue.Invalid, "province_not_in_region") : (FieldValue.OfText(p.Code), null);
    }

    private static (FieldValue, string?) ReadNumber(FormField f, Cell cell, string text)
    {
        double v;
        if (cell.Kind == CellKind.Number)
        {
            v = cell.Number;
        }
        else if (cell.Kind != CellKind.Text || !TextValues.TryParseNumber(text, out v))
        {
            return (FieldValue.Invalid, "invalid_number");
        }

        if (f.Type == FieldType.Integer && v != Math.Floor(v))
        {
            return (FieldValue.Invalid, "not_integer");
        }

        if ((f.Min is { } min && v < min) || (f.Max is { } max && v > max))
        {
            return (FieldValue.Invalid, f.Min is not null && f.Max is not null ? "out_of_range" : "below_minimum");
        }

        if (f.MinExclusive is { } mx && v <= mx)
        {
            return (FieldValue.Invalid, "not_above_minimum");
        }

        return (FieldValue.OfNumber(v), null);
    }

    private (FieldValue, string?) ReadYesNo(Cell cell, string text)
    {
        switch (cell.Kind)
        {
            case CellKind.Boolean:
                return (FieldValue.OfNumber(cell.Number), null);
            case CellKind.Number when cell.Number is 0 or 1:
                return (FieldValue.OfNumber(cell.Number), null);
            case CellKind.Text when form.YesNo.TryParse(text, out var yes):
                return (FieldValue.OfNumber(yes ? 1 : 0), null);
            default:
                return (FieldValue.Invalid, "invalid_yesno");
        }
    }

    private void CheckRowRules(ColumnBinding b, int rowNumber, List<ImportError> sink)
    {
        var f = b.Field;
        var v = values[f.Index];
        if (v.Kind == ValueKind.Blank)
        {
            if (f.Required)
            {
                sink.Add(CountOnly ? Counted : errors.Cell("required", sheet, rowNumber, b, string.Empty));
            }
            else if (f.RequiredWhen is { } when && when.Evaluate(values, requiredWhen[f.Index]!, form.YesNo) == true)
            {
                sink.Add(CountOnly ? Counted : errors.Cell("required_when", sheet, rowNumber, b, string.Empty, new Dictionary<string, LocalizedText>
                {
                    ["condition"] = ConditionText.Describe(when, form, errors.Messages),
                }));
            }

            return;
        }

        if (v.Kind != ValueKind.Value)
        {
            return;
        }

        if (f.OnlyWhen is { } only && only.Evaluate(values, onlyWhen[f.Index]!, form.YesNo) == false)
        {
            sink.Add(CountOnly ? Counted : errors.Cell("must_be_blank", sheet, rowNumber, b, Raw(f), new Dictionary<string, LocalizedText>
            {
                ["condition"] = ConditionText.Describe(only, form, errors.Messages),
            }));
            values[f.Index] = FieldValue.Invalid;
            return;
        }

        if (maxField[f.Index] is { } other)
        {
            var ov = values[other.Index];
            if (ov.HasValue && v.Number > ov.Number)
            {
                sink.Add(CountOnly ? Counted : errors.Cell("above_field", sheet, rowNumber, b, Raw(f), new Dictionary<string, LocalizedText>
                {
                    ["other"] = other.Label,
                    ["otherValue"] = ErrorFactory.Same(ErrorFactory.Number(ov.Number)),
                }));
                values[f.Index] = FieldValue.Invalid;
            }
        }
    }

    private Dictionary<string, LocalizedText> RuleArgs(FormField f, string code) => code switch
    {
        "too_long" => new()
        {
            ["length"] = ErrorFactory.Same(Raw(f).Length.ToString(CultureInfo.InvariantCulture)),
            ["max"] = ErrorFactory.Same(f.MaxLength.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)),
        },
        "date_outside_quarter" => new()
        {
            ["quarter"] = ErrorFactory.Same(quarter.ToString()),
            ["from"] = ErrorFactory.Same(quarter.FirstDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
            ["to"] = ErrorFactory.Same(quarter.LastDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
        },
        "out_of_range" or "below_minimum" or "not_above_minimum" => new()
        {
            ["min"] = ErrorFactory.Same(ErrorFactory.Number(f.Min ?? f.MinExclusive ?? 0)),
            ["max"] = ErrorFactory.Same(ErrorFactory.Number(f.Max ?? 0)),
        },
        "invalid_code" => new()
        {
            ["codes"] = new LocalizedText(f.Codes!.Describe(Lang.Fr), f.Codes.Describe(Lang.Ar), f.Codes.Describe(Lang.En)),
        },
        "province_not_in_region" => new()
        {
            ["region"] = region.Name,
            ["codes"] = new LocalizedText(
                string.Join(", ", region.Provinces.Select(p => $"{p.Code} {p.Name.Fr}")),
                string.Join("، ", region.Provinces.Select(p => $"{p.Code} {p.Name.Ar}")),
                string.Join(", ", region.Provinces.Select(p => $"{p.Code} {p.Name.En}"))),
        },
        _ => [],
    };
}
