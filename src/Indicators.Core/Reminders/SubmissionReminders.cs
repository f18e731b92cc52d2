using System.Globalization;
using System.Net.Mail;
using System.Text;
using Dapper;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Storage;

namespace Indicators.Reminders;

/// <summary>What is missing for a quarter: a region with no accepted submission, or a province with no accepted row.</summary>
public sealed record Reminder(string Quarter, string RegionCode, string? ProvinceCode, string Reason);

/// <summary>
/// The weekly reminder: works out which regions and provinces have no accepted data for the
/// quarter, stores the list (the portal shows the latest one), and e-mails it when SMTP is
/// configured (<c>INDICATORS_SMTP_HOST</c>, <c>_PORT</c>, <c>_FROM</c>, <c>_TO</c>).
/// </summary>
public static class SubmissionReminders
{
    public static IReadOnlyList<Reminder> Run(Database database, Quarter quarter, TimeProvider? clock = null, Reference? reference = null)
    {
        clock ??= TimeProvider.System;
        reference ??= Reference.Default;
        var q = quarter.ToString();
        using var c = database.Connect();
        var rows = c.Query<(string Region, string Province, long Rows)>(
            """
            SELECT s.region_code, r.province, COUNT(*) FROM responses r JOIN submissions s ON s.id = r.submission_id
            WHERE s.quarter = @q AND s.is_active = 1 AND s.status IN ('accepted', 'accepted_with_errors')
            GROUP BY s.region_code, r.province
            """,
            new { q }).ToList();
        var list = new List<Reminder>();
        foreach (var region in reference.Regions)
        {
            var mine = rows.Where(r => r.Region == region.Code).ToDictionary(r => r.Province, r => r.Rows);
            if (mine.Count == 0)
            {
                list.Add(new Reminder(q, region.Code, null, "no_submission"));
                continue;
            }

            list.AddRange(region.Provinces.Where(p => !mine.ContainsKey(p.Code)).Select(p => new Reminder(q, region.Code, p.Code, "no_rows")));
        }

        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using (var tx = c.BeginTransaction())
        {
            c.Execute("DELETE FROM reminders WHERE quarter = @q", new { q }, tx);
            c.Execute(
                "INSERT INTO reminders (quarter, region_code, province_code, reason, created_at) VALUES (@Quarter, @RegionCode, @ProvinceCode, @Reason, @now)",
                list.Select(r => new { r.Quarter, r.RegionCode, r.ProvinceCode, r.Reason, now }),
                tx);
            tx.Commit();
        }

        if (list.Count > 0 && Environment.GetEnvironmentVariable("INDICATORS_SMTP_HOST") is { Length: > 0 } host)
        {
            Mail(host, Describe(list, reference));
            c.Execute("UPDATE reminders SET emailed_at = @now WHERE quarter = @q", new { q, now });
        }

        return list;
    }

    /// <summary>The reminder as a French and Arabic text, a line per region or province.</summary>
    public static string Describe(IReadOnlyList<Reminder> list, Reference reference)
    {
        var sb = new StringBuilder();
        foreach (var lang in new[] { Lang.Fr, Lang.Ar })
        {
            sb.AppendLine(lang == Lang.Fr ? $"Données manquantes pour le trimestre {list[0].Quarter} :" : $"المعطيات الناقصة للفصل {list[0].Quarter}:");
            foreach (var r in list)
            {
                var region = reference.GetRegion(r.RegionCode);
                var province = r.ProvinceCode is null ? null : region.Provinces.FirstOrDefault(p => p.Code == r.ProvinceCode);
                sb.AppendLine(province is null
                    ? (lang == Lang.Fr ? $"- {region.Name.Fr} : aucune soumission acceptée" : $"- {region.Name.Ar}: لا يوجد أي إرسال مقبول")
                    : (lang == Lang.Fr ? $"- {region.Name.Fr}, {province.Name.Fr} : aucune réponse acceptée" : $"- {region.Name.Ar}، {province.Name.Ar}: لا يوجد أي جواب مقبول"));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static void Mail(string host, string body)
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("INDICATORS_SMTP_PORT"), CultureInfo.InvariantCulture, out var p) ? p : 25;
        var from = Environment.GetEnvironmentVariable("INDICATORS_SMTP_FROM") ?? "indicators@localhost";
        var to = Environment.GetEnvironmentVariable("INDICATORS_SMTP_TO") ?? from;
        using var client = new SmtpClient(host, port);
        using var message = new MailMessage(from, to, "Indicators — données manquantes / المعطيات الناقصة", body) { BodyEncoding = Encoding.UTF8, SubjectEncoding = Encoding.UTF8 };
        client.Send(message);
    }
}
