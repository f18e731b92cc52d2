using System.Globalization;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets.Xlsx;

namespace Indicators.Submissions;

/// <summary>
/// A realistic synthetic survey sheet for demos, tests and benchmarks: respondents spread over
/// the region's provinces by population, categories and nationalities as each region sees them,
/// answers consistent with the form's rules. Seeded: the same seed gives the same sheet.
/// With an error rate, that share of rows carries one typical mistake.
/// </summary>
public sealed class SampleSheet(FormDefinition form)
{
    private static readonly string[] MigrantNationalities = ["SEN", "CIV", "GIN", "MLI", "CMR", "NGA", "COD", "COG", "BFA", "GMB", "FRA", "ESP", "SYR", "YEM", "SDN", "PHL", "CHN"];
    private static readonly double[] MigrantWeights = [18, 16, 14, 10, 8, 7, 5, 3, 3, 2, 4, 2, 3, 2, 2, 1, 1];
    private static readonly string[] RefugeeNationalities = ["SYR", "YEM", "SDN", "SSD", "CAF", "COD", "GIN", "CIV", "PSE"];
    private static readonly double[] RefugeeWeights = [30, 15, 15, 8, 8, 8, 6, 6, 4];

    /// <summary>
    /// What to write. <paramref name="IdPrefix"/> replaces the respondent ids' default prefix
    /// (<c>region-quarter</c>), so that several sheets of one region and quarter can all be accepted
    /// side by side (a respondent id must be unique among a quarter's active submissions).
    /// </summary>
    public sealed record Options(int Rows, int Seed = 1, double ErrorRate = 0, bool Metadata = true, string? IdPrefix = null);

    public void Write(Stream output, Region region, Quarter quarter, Options options)
    {
        var rng = new Random(options.Seed);
        var provinces = region.Provinces.ToArray();
        var provinceWeights = provinces.Select(p => (double)p.Population2024).ToArray();
        var categoryWeights = region.Code switch
        {
            "02" => new double[] { 40, 20, 15, 25 },
            "05" => new double[] { 22, 5, 30, 43 },
            _ => new double[] { 45, 10, 20, 25 },
        };
        string[] categories = ["IMM", "REF", "RET", "MRE"];
        var fields = form.Fields;
        using var book = new XlsxWriter(output);
        using (var sheet = book.AddSheet("Enquête", new SheetOptions { FrozenRows = 1 }))
        {
            sheet.Row(1);
            for (var i = 0; i < fields.Count; i++)
            {
                sheet.Text(i, fields[i].Label.Fr, XlsxStyle.Header);
            }

            var days = quarter.LastDay.DayNumber - quarter.FirstDay.DayNumber + 1;
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            var idPrefix = options.IdPrefix ?? $"{region.Code}-{quarter}";
            for (var n = 1; n <= options.Rows; n++)
            {
                row.Clear();
                var category = categories[Pick(rng, categoryWeights)];
                var age = Age(rng, category);
                var migrant = category is "IMM" or "REF";
                row["respondent_id"] = string.Create(CultureInfo.InvariantCulture, $"{idPrefix}-{n:D6}");
                row["interview_date"] = DateOnly.FromDayNumber(quarter.FirstDay.DayNumber + rng.Next(days));
                var province = provinces[Pick(rng, provinceWeights)];
                row["province"] = rng.NextDouble() < 0.8 ? province.Name.Fr : province.Code;
                row["sex"] = rng.NextDouble() < (migrant ? 0.38 : 0.45) ? "F" : "M";
                row["age"] = age;
                row["nationality"] = migrant
                    ? category == "REF" ? RefugeeNationalities[Pick(rng, RefugeeWeights)] : MigrantNationalities[Pick(rng, MigrantWeights)]
                    : "MAR";
                row["category"] = category;
                if (migrant)
                {
                    row["residence_status"] = rng.NextDouble() switch { < 0.45 => "REG", < 0.65 => "PROC", _ => "IRR" };
                }

                if (rng.NextDouble() < 0.9)
                {
                    row["years_in_region"] = Math.Round(rng.NextDouble() * Math.Min(age, migrant ? 12 : 40), 1);
                }

                row["health_coverage"] = YesNo(rng, migrant ? 0.35 : 0.7);
                if (rng.NextDouble() < 0.95)
                {
                    var needed = rng.NextDouble() < 0.4;
                    row["care_needed_12m"] = needed ? "oui" : "non";
                    if (needed)
                    {
                        row["care_received_12m"] = YesNo(rng, migrant ? 0.6 : 0.85);
                    }
                }

                if (age >= 20 && rng.NextDouble() < 0.45)
                {
                    var children = rng.Next(1, 5);
                    row["children_6_17"] = children;
                    row["children_in_school"] = Math.Max(0, children - (rng.NextDouble() < 0.3 ? rng.Next(1, children + 1) : 0));
                }
                else if (rng.NextDouble() < 0.5)
                {
                    row["children_6_17"] = 0;
                }

                row["education_level"] = rng.NextDouble() switch { < 0.2 => "NONE", < 0.5 => "PRIMARY", < 0.8 => "SECONDARY", _ => "HIGHER" };
                if (age >= 15)
                {
                    var activity = age < 25 && rng.NextDouble() < 0.3 ? "STUDENT" : rng.NextDouble() switch { < 0.55 => "EMP", < 0.75 => "UNEMP", _ => "INACTIVE" };
                    row["activity_status"] = activity;
                    if (activity == "EMP")
                    {
                        row["formal_job"] = YesNo(rng, migrant ? 0.3 : 0.6);
                        row["sector"] = rng.NextDouble() switch { < 0.3 => "AGRI", < 0.5 => "CONSTR", < 0.6 => "INDUSTRY", < 0.75 => "TRADE", < 0.9 => "SERVICES", < 0.97 => "DOMESTIC", _ => "OTHER" };
                    }
                }

                if (age is >= 15 and < 65)
                {
                    row["vocational_training_12m"] = YesNo(rng, 0.15);
                }

                if (migrant)
                {
                    row["language_course_12m"] = YesNo(rng, 0.25);
                    row["discrimination_12m"] = YesNo(rng, 0.3);
                }

                row["housing"] = rng.NextDouble() switch { < 0.15 => "OWNER", < 0.55 => "TENANT", < 0.75 => "SHARED", < 0.9 => "HOSTED", _ => "PRECARIOUS" };
                if (rng.NextDouble() < 0.85)
                {
                    row["remittances_12m_mad"] = rng.NextDouble() < 0.45 ? Math.Round(50 + (rng.NextDouble() * 3000)) * 10 : 0d;
                }

                if (!migrant)
                {
                    row["investment_project"] = YesNo(rng, 0.2);
                }

                if (rng.NextDouble() < 0.9)
                {
                    row["weight"] = Math.Round(0.5 + (rng.NextDouble() * 2.5), 3);
                }

                if (options.ErrorRate > 0 && rng.NextDouble() < options.ErrorRate)
                {
                    InjectError(rng, row, quarter);
                }

                sheet.NextRow();
                for (var i = 0; i < fields.Count; i++)
                {
                    switch (row.GetValueOrDefault(fields[i].Name))
                    {
                        case string s:
                            sheet.Text(i, s);
                            break;
                        case int v:
                            sheet.Number(i, v);
                            break;
                        case double d:
                            sheet.Number(i, d);
                            break;
                        case DateOnly date:
                            sheet.Date(i, date);
                            break;
                    }
                }
            }
        }

        if (options.Metadata)
        {
            using var meta = book.AddSheet(TemplateMetadata.SheetName, new SheetOptions { Hidden = true });
            meta.NextRow().Text(0, "form_id").Text(1, form.Id);
            meta.NextRow().Text(0, "form_version").Text(1, form.Version.ToString(CultureInfo.InvariantCulture));
            meta.NextRow().Text(0, "region").Text(1, region.Code);
            meta.NextRow().Text(0, "quarter").Text(1, quarter.ToString());
        }

    }

    private static void InjectError(Random rng, Dictionary<string, object?> row, Quarter quarter)
    {
        switch (rng.Next(6))
        {
            case 0:
                row["age"] = 130;
                break;
            case 1:
                row["sex"] = "X";
                break;
            case 2:
                row["interview_date"] = quarter.FirstDay.AddDays(-3);
                break;
            case 3:
                row.Remove("health_coverage");
                break;
            case 4:
                row["nationality"] = "Atlantis";
                break;
            default:
                row["province"] = "Casablanca";
                break;
        }
    }

    private static int Age(Random rng, string category) => rng.NextDouble() switch
    {
        < 0.07 => rng.Next(0, 15),
        < 0.25 => rng.Next(15, 25),
        < 0.55 => rng.Next(25, 35),
        < 0.78 => rng.Next(35, 45),
        < 0.95 => rng.Next(45, 65),
        _ => category == "RET" ? rng.Next(65, 85) : rng.Next(65, 80),
    };

    private static string YesNo(Random rng, double p) => rng.NextDouble() < p ? "oui" : "non";

    private static int Pick(Random rng, double[] weights)
    {
        var total = 0d;
        foreach (var w in weights)
        {
            total += w;
        }

        var x = rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
