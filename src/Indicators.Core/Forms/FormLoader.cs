using System.Text.Json;

namespace Indicators.Forms;

/// <summary>Reads a form definition (JSON) into a <see cref="FormDefinition"/>, checking what it refers to.</summary>
public static class FormLoader
{
    public static FormDefinition Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            return Build(doc.RootElement);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Form definition {path}: {e.Message}", e);
        }
    }

    private static FormDefinition Build(JsonElement root)
    {
        var codeLists = new Dictionary<string, CodeList>(StringComparer.Ordinal);
        foreach (var list in root.GetProperty("codeLists").EnumerateObject())
        {
            var codes = list.Value.EnumerateArray()
                .Select(c => new Code(c.GetProperty("code").GetString()!, Text(c), Strings(c, "aliases")))
                .ToList();
            codeLists[list.Name] = new CodeList(list.Name, codes);
        }

        var fields = new List<FormField>();
        foreach (var f in root.GetProperty("fields").EnumerateArray())
        {
            var name = f.GetProperty("name").GetString()!;
            var type = ParseType(f.GetProperty("type").GetString()!, name);
            CodeList? codes = null;
            if (type == FieldType.Code)
            {
                var listName = f.GetProperty("codeList").GetString()!;
                codes = codeLists.TryGetValue(listName, out var cl)
                    ? cl
                    : throw new InvalidDataException($"field '{name}' refers to unknown code list '{listName}'");
            }

            fields.Add(new FormField
            {
                Name = name,
                Type = type,
                Index = fields.Count,
                Label = Text(f.GetProperty("labels")),
                Aliases = Strings(f, "aliases"),
                Help = f.TryGetProperty("help", out var help) ? Text(help) : null,
                Required = Bool(f, "required"),
                RequiredWhen = f.TryGetProperty("requiredWhen", out var rw) ? ParseCondition(rw) : null,
                OnlyWhen = f.TryGetProperty("onlyWhen", out var ow) ? ParseCondition(ow) : null,
                Unique = Bool(f, "unique"),
                MaxLength = f.TryGetProperty("maxLength", out var ml) ? ml.GetInt32() : null,
                Min = Number(f, "min"),
                Max = Number(f, "max"),
                MinExclusive = Number(f, "minExclusive"),
                MaxField = f.TryGetProperty("maxField", out var mf) ? mf.GetString() : null,
                InQuarter = Bool(f, "inQuarter"),
                Codes = codes,
                Default = Number(f, "default"),
            });
        }

        var rules = root.TryGetProperty("rules", out var rs)
            ? rs.EnumerateArray().Select(r => new CrossFieldRule(
                r.GetProperty("id").GetString()!,
                ParseCondition(r.GetProperty("when")),
                ParseCondition(r.GetProperty("require")),
                r.GetProperty("reportOn").GetString()!,
                Text(r.GetProperty("message")))).ToList()
            : [];

        var yn = root.GetProperty("yesNo");
        var labels = yn.GetProperty("labels");
        var yesNo = new YesNo(Strings(yn, "yes"), Strings(yn, "no"), Text(labels.GetProperty("yes")), Text(labels.GetProperty("no")));

        var limits = root.TryGetProperty("limits", out var l)
            ? new FormLimits(Number(l, "maxRowErrorShare") ?? 0.5, (int)(Number(l, "headerSearchRows") ?? 20), (int)(Number(l, "minHeaderMatches") ?? 3))
            : new FormLimits(0.5, 20, 3);

        var form = new FormDefinition(root.GetProperty("id").GetString()!, root.GetProperty("version").GetInt32(),
            Text(root.GetProperty("title")), fields, rules, yesNo, limits);
        CheckReferences(form);
        return form;
    }

    private static void CheckReferences(FormDefinition form)
    {
        var conditions = form.Fields.SelectMany(f => new[] { f.RequiredWhen, f.OnlyWhen })
            .Concat(form.Rules.SelectMany(r => new[] { r.When, r.Require }))
            .OfType<Condition>();
        foreach (var c in conditions)
        {
            form.Field(c.Field);
        }

        foreach (var f in form.Fields.Where(f => f.MaxField is not null))
        {
            form.Field(f.MaxField!);
        }

        foreach (var r in form.Rules)
        {
            form.Field(r.ReportOn);
        }
    }

    private static FieldType ParseType(string type, string field) => type switch
    {
        "text" => FieldType.Text,
        "date" => FieldType.Date,
        "code" => FieldType.Code,
        "province" => FieldType.Province,
        "country" => FieldType.Country,
        "integer" => FieldType.Integer,
        "decimal" => FieldType.Decimal,
        "yesno" => FieldType.YesNo,
        _ => throw new InvalidDataException($"field '{field}' has unknown type '{type}'"),
    };

    internal static Condition ParseCondition(JsonElement e)
    {
        var field = e.GetProperty("field").GetString()!;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "field":
                    continue;
                case "in":
                    return new Condition(field, ConditionOp.In, p.Value.EnumerateArray().Select(v => v.GetString()!).ToList(), 0);
                case "notIn":
                    return new Condition(field, ConditionOp.NotIn, p.Value.EnumerateArray().Select(v => v.GetString()!).ToList(), 0);
                case "equals":
                    return new Condition(field, ConditionOp.Equals, [p.Value.ToString()], 0);
                case "gt":
                    return new Condition(field, ConditionOp.Gt, [], p.Value.GetDouble());
                case "gte":
                    return new Condition(field, ConditionOp.Gte, [], p.Value.GetDouble());
                case "lt":
                    return new Condition(field, ConditionOp.Lt, [], p.Value.GetDouble());
                case "lte":
                    return new Condition(field, ConditionOp.Lte, [], p.Value.GetDouble());
                case "present":
                    return new Condition(field, p.Value.GetBoolean() ? ConditionOp.Present : ConditionOp.Absent, [], 0);
                default:
                    throw new InvalidDataException($"condition on '{field}' has unknown test '{p.Name}'");
            }
        }

        throw new InvalidDataException($"condition on '{field}' has no test");
    }

    internal static LocalizedText Text(JsonElement e)
    {
        var fr = e.GetProperty("fr").GetString()!;
        return new LocalizedText(fr, e.TryGetProperty("ar", out var ar) ? ar.GetString()! : fr, e.TryGetProperty("en", out var en) ? en.GetString()! : fr);
    }

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(v => v.GetString()!).ToList() : [];

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var b) && b.GetBoolean();

    private static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var n) ? n.GetDouble() : null;
}
