using System.Text.Json.Nodes;
using Indicators.Forms;

namespace Indicators.Tests.Forms;

public sealed class FormDefinitionTests
{
    [Fact]
    public void Form_v1_has_the_spec_fields_in_order()
    {
        var form = FormDefinition.Default;
        Assert.Equal("migration-survey", form.Id);
        Assert.Equal(1, form.Version);
        Assert.Equal(26, form.Fields.Count);
        Assert.Equal("respondent_id", form.Fields[0].Name);
        Assert.Equal("weight", form.Fields[^1].Name);
        Assert.Equal(["respondent_id", "interview_date", "province", "sex", "age", "nationality", "category", "health_coverage"],
            form.Fields.Where(f => f.Required).Select(f => f.Name));
    }

    [Theory]
    [InlineData("Identifiant du répondant", "respondent_id")]
    [InlineData("رقم المستجوب", "respondent_id")]
    [InlineData("RESPONDENT-ID", "respondent_id")]
    [InlineData("date de l’entretien", "interview_date")]
    [InlineData("group_a/health_coverage", "health_coverage")]
    [InlineData("الأطفال المتمدرسون", "children_in_school")]
    public void Headers_match_in_any_language(string header, string field) => Assert.Equal(field, FormDefinition.Default.MatchHeader(header)?.Name);

    [Fact]
    public void A_yes_no_question_added_to_the_json_loads_without_code()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var path = WithExtraQuestion(folder.FullName);
            var form = FormLoader.Load(path);
            var added = form.Field("internet_access");
            Assert.Equal(FieldType.YesNo, added.Type);
            Assert.Equal(27, form.Fields.Count);
            Assert.Same(added, form.MatchHeader("Accès à internet"));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void A_condition_on_an_unknown_field_is_refused_at_load()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatePaths.Forms, "survey-v1.json")))!;
            json["fields"]![8]!["requiredWhen"]!["field"] = "no_such_field";
            var path = Path.Combine(folder.FullName, "bad.json");
            File.WriteAllText(path, json.ToJsonString());
            Assert.Contains("no_such_field", Assert.Throws<InvalidDataException>(() => FormLoader.Load(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    /// <summary>Copies form v1 with one more yes/no question, the way an analyst would add it.</summary>
    public static string WithExtraQuestion(string folder)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatePaths.Forms, "survey-v1.json")))!;
        json["fields"]!.AsArray().Add(JsonNode.Parse("""
            { "name": "internet_access", "type": "yesno",
              "labels": { "fr": "Accès à internet", "ar": "الولوج إلى الإنترنت", "en": "Internet access" } }
            """));
        var path = Path.Combine(folder, "survey-v1-plus.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
