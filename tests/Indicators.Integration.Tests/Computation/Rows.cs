using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Tests.Computation;

/// <summary>Puts accepted rows straight into the database, as an import would leave them.</summary>
internal static class Rows
{
    private static readonly Dictionary<string, object> Defaults = new()
    {
        ["interview_date"] = "2025-08-01",
        ["province"] = "081",
        ["sex"] = "F",
        ["age"] = 30,
        ["nationality"] = "SEN",
        ["category"] = "IMM",
        ["health_coverage"] = 1,
        ["weight"] = 1.0,
    };

    /// <summary>Adds an active, accepted submission holding <paramref name="rows"/>; returns its id.</summary>
    public static long Add(Database db, string region, string quarter, IEnumerable<IReadOnlyDictionary<string, object?>> rows, string batch = "b", bool active = true)
    {
        using var c = db.Connect();
        using var tx = c.BeginTransaction();
        var sha = Guid.NewGuid().ToString("N");
        c.Execute("INSERT INTO stored_files (sha256, size_bytes, path, created_at) VALUES (@sha, 0, @sha, '2025-01-01')", new { sha }, tx);
        var id = c.ExecuteScalar<long>(
            """
            INSERT INTO submissions (region_code, quarter, batch_label, file_name, sha256, size_bytes, form_id, form_version, status, is_active, source, created_at)
            VALUES (@region, @quarter, @batch, 'test.xlsx', @sha, 0, 'migration-survey', 1, 'accepted', @active, 'test', '2025-01-01') RETURNING id
            """,
            new { region, quarter, batch, sha, active = active ? 1 : 0 },
            tx);
        var n = 0;
        foreach (var row in rows)
        {
            n++;
            var values = new Dictionary<string, object?>(Defaults.ToDictionary(p => p.Key, p => (object?)p.Value));
            foreach (var (k, v) in row)
            {
                values[k] = v;
            }

            values["submission_id"] = id;
            values["row_number"] = n + 1;
            values["respondent_id"] = $"R{id}-{n}";
            var names = values.Keys.ToList();
            c.Execute(
                $"INSERT INTO responses ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(k => "@" + k))})",
                new DynamicParameters(values),
                tx);
        }

        c.Execute("UPDATE submissions SET rows_read = @n, rows_accepted = @n WHERE id = @id", new { n, id }, tx);
        tx.Commit();
        return id;
    }

    public static Dictionary<string, object?> Row(params (string Field, object? Value)[] values) => values.ToDictionary(v => v.Field, v => v.Value);

    /// <summary>The fixture of tests/TestData/stats as rows (blank cells are NULL).</summary>
    public static IEnumerable<Dictionary<string, object?>> FromCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = cells[i].Length == 0 ? null
                    : header[i] is "province" or "sex" or "category" or "residence_status" or "activity_status" ? cells[i]
                    : double.Parse(cells[i], CultureInfo.InvariantCulture);
            }

            yield return row;
        }
    }

    /// <summary>The default catalogue with other thresholds, or with extra entries, in a temp file.</summary>
    public static Catalogue Catalogue(string folder, int? suppressBelow = null, int? lowBelow = null, params string[] extraEntries)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatePaths.Indicators, "catalogue-v1.json")))!;
        if (suppressBelow is { } s)
        {
            json["thresholds"]!["suppressBelow"] = s;
        }

        if (lowBelow is { } l)
        {
            json["thresholds"]!["lowReliabilityBelow"] = l;
        }

        foreach (var entry in extraEntries)
        {
            json["indicators"]!.AsArray().Add(JsonNode.Parse(entry));
        }

        var path = Path.Combine(folder, $"catalogue-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return global::Indicators.Statistics.Catalogue.Load(path);
    }
}
