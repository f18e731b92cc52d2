using System.Text.Json.Nodes;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>A yes/no question added to the form's JSON works end to end with no code change.</summary>
public sealed class NewQuestionTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Fact]
    public void A_yes_no_question_added_to_the_form_is_validated_stored_and_offered_in_the_template()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatePaths.Forms, "survey-v1.json")))!;
        json["fields"]!.AsArray().Add(JsonNode.Parse("""
            { "name": "internet_access", "type": "yesno",
              "labels": { "fr": "Accès à internet", "ar": "الولوج إلى الإنترنت", "en": "Internet access" } }
            """));
        var formPath = work.PathOf("form.json");
        File.WriteAllText(formPath, json.ToJsonString());
        var form = FormLoader.Load(formPath);

        var sheet = work.PathOf("with-question.csv");
        var baseRule = File.ReadAllLines(TestWorkspace.TestData("shapes", "labels_fr.csv"));
        File.WriteAllLines(sheet, [baseRule[0] + ",Accès à internet", baseRule[1] + ",oui", baseRule[2] + ",peut-être", baseRule[3] + ","]);
        var result = new ImportSubmission(work.Db, form, Reference.Default, Messages.Default, TimeProvider.System)
            .Run(new ImportRequest(sheet, "with-question.csv", "09", "2025Q3"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("internet_access", "invalid_yesno", 3), (error.Field, error.Code, error.Row));
        using var connection = work.Db.Connect();
        Assert.Equal(["{\"internet_access\":1}", "{\"internet_access\":null}"], connection.Query<string>("SELECT extras FROM responses ORDER BY row_number"));

        var template = work.PathOf("template.xlsx");
        using (var stream = File.Create(template))
        {
            new BlankTemplate(form, Reference.Default, Messages.Default).Write(stream, Lang.Ar, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"));
        }

        WorkbooksTests.AssertValid(template);
        using var doc = SpreadsheetDocument.Open(template, false);
        var data = (WorksheetPart)doc.WorkbookPart!.GetPartById(doc.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        Assert.Equal("الولوج إلى الإنترنت", data.Worksheet.Descendants<Row>().First().Elements<Cell>().Last().InnerText);
        Assert.Contains(data.Worksheet.Descendants<DataValidation>(), v => (v.SequenceOfReferences?.InnerText ?? string.Empty).StartsWith("AA2", StringComparison.Ordinal));
    }

    public void Dispose() => work.Dispose();
}
