using System.Diagnostics;
using System.Globalization;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Storage;
using Indicators.Submissions;
using Npgsql;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>
/// The import into PostgreSQL beside its floor: a bare binary COPY of the very same rows (exported
/// from the import's own result, so the floor does no parsing at all), in the same run. Works in a
/// schema of its own, dropped afterwards.
/// </summary>
internal static class BenchPostgres
{
    public static PostgresFigures Run(string connectionString, string sheetPath)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        Execute(admin, $"CREATE SCHEMA {schema}");
        try
        {
            var scoped = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
            var files = Path.Combine(Path.GetTempPath(), schema);
            var database = Database.Open(scoped, files);
            var sw = Stopwatch.StartNew();
            var result = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System)
                .Run(new ImportRequest(sheetPath, "bench.xlsx", "09", "2025Q3"));
            var import = sw.Elapsed;

            // The floor: the same rows, already in PostgreSQL's binary format, copied into the same
            // table (same keys and foreign key) under a twin submission: what storing them costs at least.
            var dump = Path.Combine(Path.GetTempPath(), schema + ".copy");
            using (var c = new NpgsqlConnection(scoped))
            {
                c.Open();
                var twin = Scalar(c, $"""
                    INSERT INTO submissions (region_code, quarter, batch_label, file_name, sha256, size_bytes, form_id, form_version, status, is_active, source, created_at)
                    SELECT region_code, quarter, 'copy-floor', file_name, sha256, size_bytes, form_id, form_version, 'accepted', 0, source, created_at
                    FROM submissions WHERE id = {result.SubmissionId} RETURNING id
                    """);
                var columns = new List<string>();
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = $"SELECT column_name FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'responses' ORDER BY ordinal_position";
                    using var r = cmd.ExecuteReader();
                    while (r.Read())
                    {
                        columns.Add(r.GetString(0));
                    }
                }

                var select = string.Join(", ", columns.Select(col => col == "submission_id" ? $"{twin}::bigint AS submission_id" : col));
                using (var output = File.Create(dump))
                using (var raw = c.BeginRawBinaryCopy($"COPY (SELECT {select} FROM responses WHERE submission_id = {result.SubmissionId}) TO STDOUT (FORMAT BINARY)"))
                {
                    raw.CopyTo(output);
                }

                // The floor meets the table as the import did: without those rows.
                Scalar(c, $"WITH d AS (DELETE FROM responses WHERE submission_id = {result.SubmissionId} RETURNING 1) SELECT COUNT(*) FROM d");
                using var vacuum = c.CreateCommand();
                vacuum.CommandText = "VACUUM ANALYZE responses";
                vacuum.ExecuteNonQuery();
            }

            TimeSpan floor;
            using (var c = new NpgsqlConnection(scoped))
            {
                c.Open();
                sw.Restart();
                using (var input = File.OpenRead(dump))
                using (var raw = c.BeginRawBinaryCopy("COPY responses FROM STDIN (FORMAT BINARY)"))
                {
                    input.CopyTo(raw);
                }

                floor = sw.Elapsed;
            }

            File.Delete(dump);
            NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(files))
            {
                Directory.Delete(files, recursive: true);
            }

            return new PostgresFigures(floor.TotalSeconds, import.TotalSeconds, result.Status, result.RowsAccepted);
        }
        finally
        {
            Execute(admin, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    public static void Print(PostgresFigures f, int rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("stage").AddColumn("seconds").AddColumn("rows/s").AddColumn("share of floor's rows/s");
        table.AddRow("floor: binary COPY of the same rows into responses (PostgreSQL)", Seconds(f.CopySeconds), PerSecond(rows, f.CopySeconds), "100%");
        table.AddRow("read + validate + COPY (PostgreSQL)", Seconds(f.ImportSeconds), PerSecond(rows, f.ImportSeconds), (f.CopySeconds / f.ImportSeconds).ToString("P0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL import: {f.Status}, {f.RowsAccepted:N0} accepted"));
    }

    private static string Seconds(double t) => t.ToString("F2", CultureInfo.InvariantCulture);

    private static string PerSecond(int rows, double t) => (rows / t).ToString("N0", CultureInfo.InvariantCulture);

    private static long Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(string cs, string sql)
    {
        using var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
