using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using DocumentFormat.OpenXml.Validation;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets;
using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>Every workbook we write passes OpenXmlValidator, and reads back as what it should say.</summary>
public sealed class WorkbooksTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    [InlineData("en")]
    public void Blank_templates_are_valid_and_say_what_the_form_says(string langText)
    {
        var lang = LocalizedText.ParseLang(langText);
        var path = work.PathOf($"template-{langText}.xlsx");
        using (var stream = File.Create(path))
        {
            new BlankTemplate(FormDefinition.Default, Reference.Default, Messages.Default).Write(stream, lang, Reference.Default.GetRegion("05"), Quarter.Parse("2025Q4"));
        }

        AssertValid(path);
        using var doc = SpreadsheetDocument.Open(path, false);
        var wb = doc.WorkbookPart!;
        var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(4, sheets.Count);
        Assert.Equal(SheetStateValues.Hidden, sheets[3].State!.Value);
        Assert.Equal("_metadata", sheets[3].Name!.Value);
        var data = (WorksheetPart)wb.GetPartById(sheets[0].Id!);
        Assert.Equal(lang == Lang.Ar, data.Worksheet.Descendants<SheetView>().Single().RightToLeft?.Value ?? false);
        var headers = data.Worksheet.Descendants<Row>().First().Elements<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal(FormDefinition.Default.Fields.Select(f => f.Label[lang]), headers);
        var validations = data.Worksheet.Descendants<DataValidation>().ToList();
        var listFields = FormDefinition.Default.Fields.Count(f => f.Type is FieldType.Code or FieldType.YesNo or FieldType.Province or FieldType.Country);
        Assert.Equal(listFields, validations.Count);

        // Provinces of the region only, and the metadata read back by the importer.
        using var book = WorkbookFile.Open(path, "t.xlsx");
        var meta = TemplateMetadata.Read(book);
        Assert.Equal(("migration-survey", "1", "05", "2025Q4"), (meta["form_id"], meta["form_version"], meta["region"], meta["quarter"]));
        var lists = ReadSheet(book, 2);
        var provinceColumn = lists[0].ToList().IndexOf("province");
        var provinces = lists.Skip(1).Select(r => r.ElementAtOrDefault(provinceColumn)).Where(v => !string.IsNullOrEmpty(v)).ToList();
        Assert.Equal(Reference.Default.GetRegion("05").Provinces.Select(p => p.Name[lang]), provinces);
    }

    [Fact]
    public void A_filled_template_imports_and_its_region_comes_from_the_metadata()
    {
        var path = work.PathOf("filled.xlsx");
        using (var stream = File.Create(path))
        {
            new BlankTemplate(FormDefinition.Default, Reference.Default, Messages.Default).Write(stream, Lang.Fr, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"));
        }

        // An empty template has a header and no data.
        var result = work.Import(path, region: null, quarter: null);
        Assert.Equal("no_data_rows", Assert.Single(result.Errors).Code);
        Assert.Equal(("09", "2025Q3"), (result.RegionCode, result.Quarter));
    }

    [Fact]
    public void Sample_sheets_are_valid_workbooks()
    {
        var path = work.PathOf("sample.xlsx");
        using (var stream = File.Create(path))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion("02"), Quarter.Parse("2025Q1"), new SampleSheet.Options(50, 1, 0.2));
        }

        AssertValid(path);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public void The_annotated_workbook_marks_every_faulty_cell_and_lists_every_error(string langText)
    {
        var lang = LocalizedText.ParseLang(langText);
        var faulty = work.PathOf("faulty.csv");
        File.WriteAllText(faulty,
            "Titre\n" +
            "respondent_id,interview_date,province,sex,age,nationality,category,health_coverage,residence_status,activity_status,commune\n" +
            "A1,15/07/2025,Agadir Ida-Outanane,F,30,SEN,IMM,oui,REG,INACTIVE,=HYPERLINK(\"http://x\")\n" +
            "A2,15/07/2025,Agadir Ida-Outanane,X,300,SEN,IMM,oui,REG,INACTIVE,\n" +
            "A3,15/07/2025,Agadir Ida-Outanane,F,30,SEN,IMM,oui,REG,INACTIVE,\n");
        var result = work.Import(faulty);
        Assert.Equal(["invalid_code", "out_of_range"], result.Errors.Select(e => e.Code));

        var output = work.PathOf($"annotated-{langText}.xlsx");
        using (var stream = File.Create(output))
        {
            new AnnotatedWorkbook(Messages.Default).Write(stream, faulty, "faulty.csv", result, lang);
        }

        AssertValid(output);
        using var doc = SpreadsheetDocument.Open(output, false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["faulty", Messages.Default.Get("template.errorsSheet")[lang]], sheets.Select(s => s.Name!.Value));
        var data = (WorksheetPart)doc.WorkbookPart.GetPartById(sheets[0].Id!);
        var comments = data.WorksheetCommentsPart!.Comments.Descendants<Comment>().Select(c => c.Reference!.Value).ToList();
        Assert.Equal(["D4", "E4"], comments);
        Assert.Empty(data.Worksheet.Descendants<CellFormula>());
        var formulaText = data.Worksheet.Descendants<Cell>().Single(c => c.CellReference == "K3");
        Assert.Equal("=HYPERLINK(\"http://x\")", formulaText.InnerText);
        Assert.Equal(CellValues.InlineString, formulaText.DataType!.Value);
        var errorsSheet = (WorksheetPart)doc.WorkbookPart.GetPartById(sheets[1].Id!);
        var errorRows = errorsSheet.Worksheet.Descendants<Row>().Count();
        Assert.Equal(3 + 2, errorRows);
        Assert.Equal(lang == Lang.Ar, data.Worksheet.Descendants<SheetView>().Single().RightToLeft?.Value ?? false);
    }

    internal static void AssertValid(string path)
    {
        using var doc = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static List<string[]> ReadSheet(IWorkbookReader book, int index)
    {
        using var sheet = book.OpenSheet(index);
        var rows = new List<string[]>();
        var row = new SheetRow();
        while (sheet.Read(row))
        {
            rows.Add(Enumerable.Range(0, row.Width).Select(c => row[c].Display()).ToArray());
        }

        return rows;
    }

    public void Dispose() => work.Dispose();
}
