using Indicators.Geography;

namespace Indicators.Tests.Geography;

public sealed class ReferenceTests
{
    private static readonly string[] CommonNationalities =
    [
        "SEN", "CIV", "MLI", "GIN", "CMR", "NGA", "COD", "COG", "GAB", "BFA", "NER", "TCD", "GHA", "GMB", "GNB", "SLE",
        "LBR", "TGO", "BEN", "MRT", "CAF", "GNQ", "CPV", "SDN", "SSD", "ERI", "ETH", "SOM", "DJI", "KEN", "COM", "MDG",
        "MAR", "DZA", "TUN", "LBY", "EGY", "SYR", "YEM", "IRQ", "PSE", "LBN", "JOR", "SAU", "ARE", "QAT", "KWT",
        "FRA", "ESP", "ITA", "BEL", "NLD", "DEU", "PRT", "GBR", "CHE", "SWE", "ROU", "USA", "CAN", "BRA",
        "CHN", "PHL", "IND", "PAK", "BGD", "TUR", "VNM",
    ];

    [Fact]
    public void Every_iso_3166_1_code_is_there_once()
    {
        var countries = Reference.Default.Countries;
        Assert.Equal(249, countries.Count);
        Assert.Equal(249, countries.Select(c => c.Alpha3).Distinct().Count());
        Assert.Equal(249, countries.Select(c => c.Alpha2).Distinct().Count());
        Assert.All(countries, c => Assert.Matches("^[A-Z]{3}$", c.Alpha3));
        Assert.All(countries, c => Assert.Matches("^[A-Z]{2}$", c.Alpha2));
        Assert.All(countries, c => Assert.Matches("^[0-9]{3}$", c.Numeric));
    }

    [Fact]
    public void Common_nationalities_have_french_and_arabic_names()
    {
        Assert.True(CommonNationalities.Length >= 60);
        foreach (var code in CommonNationalities)
        {
            var c = Reference.Default.FindCountry(code);
            Assert.NotNull(c);
            Assert.Equal(code, c.Alpha3);
            Assert.Contains(c.Name.Ar, ch => ch is >= '\u0600' and <= '\u06FF');
            Assert.DoesNotContain(',', c.Name.Fr);
            Assert.Same(c, Reference.Default.FindCountry(c.Name.Fr));
            Assert.Same(c, Reference.Default.FindCountry(c.Name.Ar));
            Assert.Same(c, Reference.Default.FindCountry(c.Name.En));
        }
    }

    [Theory]
    [InlineData("sénégal", "SEN")]
    [InlineData("SENEGAL", "SEN")]
    [InlineData("السّنغال", "SEN")]
    [InlineData("sn", "SEN")]
    [InlineData("RDC", "COD")]
    [InlineData("Congo", "COG")]
    [InlineData("Côte d’Ivoire", "CIV")]
    [InlineData("Marocaine", "MAR")]
    [InlineData("مغربي", "MAR")]
    [InlineData("Syrian Arab Republic", "SYR")]
    [InlineData("Turkey", "TUR")]
    public void Names_codes_and_aliases_find_the_country(string text, string alpha3) =>
        Assert.Equal(alpha3, Reference.Default.FindCountry(text)?.Alpha3);

    [Fact]
    public void Unknown_names_find_nothing() => Assert.Null(Reference.Default.FindCountry("Atlantide"));
}
