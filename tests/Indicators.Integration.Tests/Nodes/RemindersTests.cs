using Dapper;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Reminders;
using Indicators.Tests.Computation;

namespace Indicators.Tests.Nodes;

public abstract class RemindersTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace work = new(backend);

    public void Dispose() => work.Dispose();

    [Fact]
    public void Regions_without_a_submission_and_provinces_without_rows_are_listed_stored_and_described()
    {
        // Souss-Massa answered from one province only; the other two regions sent nothing.
        Rows.Add(work.Db, "09", "2025Q3", Enumerable.Range(0, 5).Select(_ => Rows.Row(("province", "273"))));
        var list = SubmissionReminders.Run(work.Db, Quarter.Parse("2025Q3"));

        var soussProvinces = Reference.Default.GetRegion("09").Provinces.Select(p => p.Code).Where(c => c != "273").Order();
        Assert.Equal(soussProvinces, list.Where(r => r.RegionCode == "09").Select(r => r.ProvinceCode!).Order());
        Assert.Contains(list, r => r.RegionCode == "02" && r.ProvinceCode is null && r.Reason == "no_submission");
        Assert.Contains(list, r => r.RegionCode == "05" && r.ProvinceCode is null && r.Reason == "no_submission");
        using var c = work.Db.Connect();
        Assert.Equal(list.Count, c.ExecuteScalar<int>("SELECT COUNT(*) FROM reminders WHERE quarter = '2025Q3'"));

        // Run again: the list replaces the last one rather than piling up.
        SubmissionReminders.Run(work.Db, Quarter.Parse("2025Q3"));
        Assert.Equal(list.Count, c.ExecuteScalar<int>("SELECT COUNT(*) FROM reminders WHERE quarter = '2025Q3'"));

        var text = SubmissionReminders.Describe(list, Reference.Default);
        Assert.Contains("L'Oriental : aucune soumission acceptée", text, StringComparison.Ordinal);
        Assert.Contains("لا يوجد أي إرسال مقبول", text, StringComparison.Ordinal);
    }
}

public sealed class RemindersSqliteTests() : RemindersTests(Backend.Sqlite);

public sealed class RemindersPostgresTests() : RemindersTests(Backend.Postgres);
