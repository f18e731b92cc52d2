using Indicators.Periods;

namespace Indicators.Tests.Forms;

public sealed class QuarterTests
{
    [Theory]
    [InlineData("2025Q3", 2025, 3)]
    [InlineData("2025-q1", 2025, 1)]
    [InlineData("2025T4", 2025, 4)]
    public void Parses(string text, int year, int number) => Assert.Equal(new Quarter(year, number), Quarter.Parse(text));

    [Theory]
    [InlineData("2025Q5")]
    [InlineData("25Q1")]
    [InlineData("Q3 2025")]
    public void Refuses(string text) => Assert.False(Quarter.TryParse(text, out _));

    [Fact]
    public void Bounds_and_neighbours()
    {
        var q = Quarter.Parse("2025Q1");
        Assert.Equal(new DateOnly(2025, 1, 1), q.FirstDay);
        Assert.Equal(new DateOnly(2025, 3, 31), q.LastDay);
        Assert.Equal("2024Q4", q.Previous.ToString());
        Assert.Equal("2025Q2", q.Next.ToString());
    }
}
