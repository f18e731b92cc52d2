using Indicators.Forms;

namespace Indicators.Tests.Forms;

public sealed class TextKeyTests
{
    [Theory]
    [InlineData("  Date de l'entretien ", "date de l entretien")]
    [InlineData("DATE_DE_L’ENTRETIEN", "date de l entretien")]
    [InlineData("Âge", "age")]
    [InlineData("Province  -  Préfecture", "province prefecture")]
    [InlineData("Chtouka-Aït Baha", "chtouka ait baha")]
    [InlineData("respondent_id", "respondent id")]
    public void Latin_text_ignores_case_accents_and_separators(string text, string key) => Assert.Equal(key, TextKey.Of(text));

    [Theory]
    [InlineData("أكادير إداوتنان", "اكادير اداوتنان")]
    [InlineData("الجِنْس", "الجنس")]
    [InlineData("الجـــنس", "الجنس")]
    [InlineData("آيت ملول", "ايت ملول")]
    [InlineData("ٱلسن", "السن")]
    public void Arabic_text_ignores_diacritics_tatweel_and_alef_forms(string text, string key) => Assert.Equal(key, TextKey.Of(text));
}
