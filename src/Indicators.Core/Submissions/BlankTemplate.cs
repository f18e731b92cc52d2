using System.Globalization;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets.Xlsx;
using Indicators.Submissions.Validation;

namespace Indicators.Submissions;

/// <summary>
/// The sheet observatories fill in: headers in the chosen language, a dropdown for every list and
/// yes/no column (provinces limited to the region when one is given), an instructions sheet
/// generated from the form, hidden lists, and a hidden metadata sheet read back on import.
/// </summary>
public sealed class BlankTemplate(FormDefinition form, Reference reference, Messages messages)
{
    /// <summary>How many rows carry the dropdowns.</summary>
    public const int InputRows = 5000;

    private static readonly double[] Widths = [30, 22, 20, 48, 60];

    public void Write(Stream output, Lang lang, Region? region, Quarter? quarter)
    {
        var rtl = lang == Lang.Ar;
        var dataSheet = T("template.dataSheet", lang);
        var listsSheet = T("template.listsSheet", lang);
        var lists = BuildLists(lang, region);
        using var book = new XlsxWriter(output);

        using (var sheet = book.AddSheet(dataSheet, new SheetOptions
        {
            RightToLeft = rtl,
            FrozenRows = 1,
            ColumnWidths = form.Fields.Select(f => Math.Clamp(f.Label[lang].Length + 4, 14, 34d)).ToList(),
            TabColor = "2F5597",
        }))
        {
            sheet.Row(1, 32);
            for (var i = 0; i < form.Fields.Count; i++)
            {
                sheet.Text(i, form.Fields[i].Label[lang], XlsxStyle.Header);
            }

            for (var i = 0; i < form.Fields.Count; i++)
            {
                var listIndex = lists.FindIndex(l => l.Field == form.Fields[i]);
                if (listIndex >= 0)
                {
                    var column = sheet.ColumnName(listIndex);
                    var range = $"{sheet.ColumnName(i)}2:{sheet.ColumnName(i)}{InputRows + 1}";
                    sheet.ListValidation(range, $"'{listsSheet}'!${column}$2:${column}${lists[listIndex].Values.Count + 1}", form.Fields[i].Help?[lang]);
                }
            }
        }

        WriteInstructions(book, lang, region, quarter, dataSheet, listsSheet);

        using (var sheet = book.AddSheet(listsSheet, new SheetOptions { Hidden = true, RightToLeft = rtl }))
        {
            var longest = lists.Count == 0 ? 0 : lists.Max(l => l.Values.Count);
            sheet.Row(1);
            for (var c = 0; c < lists.Count; c++)
            {
                sheet.Text(c, lists[c].Field.Name, XlsxStyle.Header);
            }

            for (var r = 0; r < longest; r++)
            {
                sheet.NextRow();
                for (var c = 0; c < lists.Count; c++)
                {
                    if (r < lists[c].Values.Count)
                    {
                        sheet.Text(c, lists[c].Values[r]);
                    }
                }
            }
        }

        using (var sheet = book.AddSheet(TemplateMetadata.SheetName, new SheetOptions { Hidden = true }))
        {
            var rows = new List<(string, string)>
            {
                ("form_id", form.Id),
                ("form_version", form.Version.ToString(CultureInfo.InvariantCulture)),
                ("region", region?.Code ?? string.Empty),
                ("quarter", quarter?.ToString() ?? string.Empty),
                ("lang", lang.ToString().ToLowerInvariant()),
            };
            foreach (var (key, value) in rows)
            {
                sheet.NextRow().Text(0, key).Text(1, value);
            }
        }
    }

    private void WriteInstructions(XlsxWriter book, Lang lang, Region? region, Quarter? quarter, string dataSheet, string listsSheet)
    {
        using var sheet = book.AddSheet(T("template.instructionsSheet", lang), new SheetOptions
        {
            RightToLeft = lang == Lang.Ar,
            ColumnWidths = Widths,
            FitToWidth = true,
        });
        sheet.Row(1, 24).Text(0, form.Title[lang], XlsxStyle.Title);
        sheet.Merge("A1:E1");
        var row = 2;
        if (region is not null || quarter is not null)
        {
            sheet.Merge($"A{row}:E{row}");
            sheet.Row(row++).Text(0, Messages.Format(messages.Get("template.target"), new Dictionary<string, LocalizedText>
            {
                ["region"] = region?.Name ?? ErrorFactory.Same("—"),
                ["quarter"] = ErrorFactory.Same(quarter?.ToString() ?? "—"),
                ["from"] = ErrorFactory.Same(quarter?.FirstDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—"),
                ["to"] = ErrorFactory.Same(quarter?.LastDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—"),
            })[lang]);
        }

        sheet.Merge($"A{row}:E{row}");
        sheet.Row(row++, 36).Text(0, Messages.Format(messages.Get("template.intro"), new Dictionary<string, LocalizedText>
        {
            ["sheet"] = ErrorFactory.Same(dataSheet),
        })[lang], XlsxStyle.Wrap);
        row++;
        sheet.Row(row++, 20);
        foreach (var (c, key) in new[] { "template.columnHeader", "template.fieldHeader", "template.typeHeader", "template.ruleHeader", "template.codesHeader" }.Select((k, i) => (i, k)))
        {
            sheet.Text(c, T(key, lang), XlsxStyle.Header);
        }

        foreach (var f in form.Fields)
        {
            string[] cells = [f.Label[lang], f.Name, T("template.type." + f.Type.ToString().ToLowerInvariant(), lang), DescribeRule(f, lang), DescribeValues(f, lang, region, listsSheet)];
            sheet.Row(row++, SheetWriter.HeightFor(cells.Zip(Widths, (t, w) => ((string?)t, w))));
            for (var c = 0; c < cells.Length; c++)
            {
                sheet.Text(c, cells[c], c == 1 ? XlsxStyle.Muted : XlsxStyle.Wrap);
            }
        }

        if (form.Rules.Count > 0)
        {
            row++;
            sheet.Row(row++).Text(0, T("template.crossRules", lang), XlsxStyle.Header);
            foreach (var rule in form.Rules)
            {
                sheet.Row(row++).Text(0, rule.Message[lang], XlsxStyle.Default);
            }
        }
    }

    private string DescribeRule(FormField f, Lang lang)
    {
        var parts = new List<string>();
        if (f.Required)
        {
            parts.Add(T("template.required", lang));
        }
        else if (f.RequiredWhen is { } when)
        {
            parts.Add(Fill("template.requiredWhen", "condition", ConditionText.Describe(when, form, messages), lang));
        }
        else
        {
            parts.Add(T("template.optional", lang));
        }

        if (f.OnlyWhen is { } only)
        {
            parts.Add(Fill("template.onlyWhen", "condition", ConditionText.Describe(only, form, messages), lang));
        }

        if (f.Unique)
        {
            parts.Add(T("template.unique", lang));
        }

        if (f.MaxLength is { } max)
        {
            parts.Add(Fill("template.maxLength", "max", ErrorFactory.Same(max.ToString(CultureInfo.InvariantCulture)), lang));
        }

        if (f.InQuarter)
        {
            parts.Add(T("template.inQuarter", lang));
        }

        if (f.Min is { } min && f.Max is { } mx)
        {
            parts.Add(Messages.Format(messages.Get("template.range"), new Dictionary<string, LocalizedText>
            {
                ["min"] = ErrorFactory.Same(ErrorFactory.Number(min)),
                ["max"] = ErrorFactory.Same(ErrorFactory.Number(mx)),
            })[lang]);
        }
        else if (f.Min is { } lo)
        {
            parts.Add(Fill("template.minimum", "min", ErrorFactory.Same(ErrorFactory.Number(lo)), lang));
        }

        if (f.MinExclusive is { } ex)
        {
            parts.Add(Fill("template.aboveMinimum", "min", ErrorFactory.Same(ErrorFactory.Number(ex)), lang));
        }

        if (f.MaxField is { } other)
        {
            parts.Add(Fill("template.notAbove", "other", form.Field(other).Label, lang));
        }

        if (f.Help is { } help)
        {
            parts.Add(help[lang]);
        }

        return string.Join(lang == Lang.Ar ? "؛ " : " ; ", parts);
    }

    private string DescribeValues(FormField f, Lang lang, Region? region, string listsSheet) => f.Type switch
    {
        FieldType.Code => string.Join(lang == Lang.Ar ? "، " : ", ", f.Codes!.Codes.Select(c => $"{c.Value} = {c.Label[lang]}")),
        FieldType.YesNo => $"{form.YesNo.YesLabel[lang]} / {form.YesNo.NoLabel[lang]} (1 / 0)",
        FieldType.Province => string.Join(lang == Lang.Ar ? "، " : ", ", Provinces(region).Select(p => $"{p.Code} = {p.Name[lang]}")),
        FieldType.Country => T("template.countryCodes", lang),
        _ => string.Empty,
    };

    private List<(FormField Field, IReadOnlyList<string> Values)> BuildLists(Lang lang, Region? region)
    {
        var lists = new List<(FormField, IReadOnlyList<string>)>();
        var culture = CultureInfo.GetCultureInfo(lang switch { Lang.Ar => "ar", Lang.En => "en", _ => "fr" });
        foreach (var f in form.Fields)
        {
            IReadOnlyList<string>? values = f.Type switch
            {
                FieldType.Code => f.Codes!.Codes.Select(c => c.Label[lang]).ToList(),
                FieldType.YesNo => [form.YesNo.YesLabel[lang], form.YesNo.NoLabel[lang]],
                FieldType.Province => Provinces(region).Select(p => p.Name[lang]).ToList(),
                FieldType.Country => reference.Countries.Select(c => c.Name[lang]).Order(StringComparer.Create(culture, true)).ToList(),
                _ => null,
            };
            if (values is not null)
            {
                lists.Add((f, values));
            }
        }

        return lists;
    }

    private IEnumerable<Province> Provinces(Region? region) =>
        region?.Provinces ?? reference.Regions.SelectMany(r => r.Provinces);

    private string T(string key, Lang lang) => messages.Get(key)[lang];

    private string Fill(string key, string name, LocalizedText value, Lang lang) =>
        Messages.Format(messages.Get(key), new Dictionary<string, LocalizedText> { [name] = value })[lang];
}
